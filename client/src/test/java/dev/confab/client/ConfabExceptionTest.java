package dev.confab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfabExceptionTest {
    @Test
    void restErrorBody() {
        ConfabException e = ConfabException.fromResponse(new RawResponse(
                503,
                "{\"error\":{\"code\":\"store_unavailable\",\"message\":\"retry\",\"retryAfterMs\":500}}",
                Map.of()));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("store_unavailable");
        assertThat(e.retryAfterMs()).isEqualTo(500L);
        assertThat(e.getMessage()).contains("retry");
    }

    @Test
    void bodyThatIsNotAnErrorFallsBackToStatusAndRetryAfterHeader() {
        ConfabException e = ConfabException.fromResponse(
                new RawResponse(502, "<html>bad gateway</html>", Map.of("retry-after", List.of("2"))));
        assertThat(e.code()).isEqualTo("http_502");
        assertThat(e.retryAfterMs()).isEqualTo(2000L);
    }

    @Test
    void socketErrorFrame() {
        ConfabException e = ConfabException.fromFrame(
                Json.parse("{\"type\":\"error\",\"ref\":\"1\",\"code\":\"text_too_long\",\"message\":\"too long\"}"));
        assertThat(e.status()).isZero();
        assertThat(e.code()).isEqualTo("text_too_long");
        assertThat(e.retryAfterMs()).isNull();
    }

    @Test
    void queryAndSocketUri() {
        assertThat(ConfabClient.query("/rooms/3/messages", "before", null, "after", 5L, "limit", 50))
                .isEqualTo("/rooms/3/messages?after=5&limit=50");
        assertThat(ConfabClient.query("/users", "prefix", "a b&c", "limit", 20))
                .isEqualTo("/users?prefix=a+b%26c&limit=20");
        assertThat(ConfabClient.socketUri(java.net.URI.create("http://localhost:8080"), "t/k+n")
                        .toString())
                .isEqualTo("ws://localhost:8080/ws?token=t%2Fk%2Bn");
        assertThat(ConfabClient.socketUri(java.net.URI.create("https://chat.example/confab/"), null)
                        .toString())
                .isEqualTo("wss://chat.example/confab/ws");
    }
}
