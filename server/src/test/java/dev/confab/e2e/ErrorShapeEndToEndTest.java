package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.ConfabClient;
import dev.confab.client.RawResponse;
import dev.confab.testing.RawHttp;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.StoreKind;
import dev.confab.wire.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every refusal, including the ones Jetty makes before our routes run, answers {@code {"error": {code, message}}}. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ErrorShapeEndToEndTest extends ServerPerStore {

    @Test
    void pathIdsAcceptOnlyAsciiDigits() {
        ConfabClient alice = server.newUser("Alice");
        long id = alice.user().id();
        assertThat(alice.raw("GET", "/api/v1/users/" + id, null).status()).isEqualTo(200);
        String arabicIndic = new String(Character.toChars(0x0660 + (int) id % 10)); // the same digit, Arabic-Indic
        for (String bad : new String[] {
            "+" + id, "%2B" + id, "-" + id, " " + id, arabicIndic, "%D9%A0", id + "x", "99999999999999999999"
        }) {
            String path = bad.equals(arabicIndic)
                    ? "/api/v1/users/" + java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8)
                    : "/api/v1/users/" + bad;
            if (bad.startsWith(" ")) path = "/api/v1/users/%20" + id;
            RawResponse r = alice.raw("GET", path, null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(code(r.body())).as(bad).isEqualTo("invalid_field");
        }
    }

    @Test
    void queryNumbersAcceptOnlyAsciiDigits() {
        ConfabClient alice = server.newUser("Alice");
        assertThat(alice.raw("GET", "/api/v1/rooms?limit=5", null).status()).isEqualTo(200);
        for (String bad : new String[] {"%2B5", "%D9%A5", "5.0", "0x5"}) {
            RawResponse r = alice.raw("GET", "/api/v1/rooms?limit=" + bad, null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(code(r.body())).as(bad).isEqualTo("invalid_field");
        }
    }

    @Test
    void aNulInThePathAnswersJsonNotJettysHtml() throws Exception {
        RawHttp.Response r = RawHttp.exchange(
                server.base(), "GET /api/v1/users/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(code(r.body())).isEqualTo("bad_request");
    }

    @Test
    void aMalformedRequestLineAnswersJson() throws Exception {
        RawHttp.Response r = RawHttp.exchange(
                server.base(), "GET /api/v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(code(r.body())).isEqualTo("bad_request");
    }

    @Test
    void aBodyOverTheLimitAnswersJson() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        byte[] body = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(body, (byte) 'x');
        // chunked, so the limit is met while reading, not from a declared length
        StringBuilder chunked = new StringBuilder();
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(server.base())) {
            http.write("PATCH /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            try {
                for (int at = 0; at < body.length; at += 65536) {
                    int n = Math.min(65536, body.length - at);
                    http.write(Integer.toHexString(n) + "\r\n");
                    http.write(java.util.Arrays.copyOfRange(body, at, at + n));
                    http.write("\r\n");
                }
                http.write("0\r\n\r\n");
            } catch (java.io.IOException e) {
                // the server may answer and close before the whole body is sent
            }
            r = http.readResponse();
        }
        assertThat(chunked).isEmpty();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(code(r.body())).isEqualTo("too_large");
    }

    @Test
    void aDeclaredLengthOverTheLimitAnswersJson() {
        ConfabClient alice = server.newUser("Alice");
        String big = "{\"about\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        RawResponse r = alice.raw("PATCH", "/api/v1/me", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(code(r.body())).isEqualTo("too_large");
    }

    private static String code(String body) {
        JsonNode n = Json.readObject(body);
        assertThat(n.path("error").path("message").asText()).isNotBlank();
        return n.path("error").path("code").asText();
    }
}
