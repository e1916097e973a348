package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confab.client.ConfabClient;
import dev.confab.client.RawResponse;
import dev.confab.testing.PairingDevice;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** QR-code login (AUTH-5) on each store: a new device's pairing socket, a signed-in device approving it. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PairingEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    StoreKind kind;

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(kind, Map.of("pairing.ttlSeconds", "3"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(RawResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aSignedInDeviceApprovesAPairingDeviceWhichGetsItsOwnSessionEncryptedToItsKey() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        try (PairingDevice laptop = new PairingDevice(server.base(), "new-laptop")) {
            JsonNode pairing = laptop.frame("pairing");
            String id = pairing.get("pairingId").asText();
            String code = pairing.get("checkCode").asText();
            assertThat(code).matches("[0-9]{6}");
            assertThat(pairing.get("qr").asText()).isEqualTo("confab-pair:" + id + "." + laptop.publicKey);

            JsonNode who = json(alice.raw("POST", "/api/v1/pairing/" + id + "/inspect", null));
            assertThat(who.get("userAgent").asText())
                    .as("the approver sees which device asks")
                    .isEqualTo("TestBrowser/1.0 (new laptop)");
            assertThat(who.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(who.get("device").asText()).isEqualTo("new-laptop");
            assertThat(who.get("publicKey").asText())
                    .as("to compare with the key in the QR code")
                    .isEqualTo(laptop.publicKey);
            assertThat(laptop.frame("scanned")).isNotNull();

            RawResponse wrong = alice.raw(
                    "POST",
                    "/api/v1/pairing/" + id + "/approve",
                    "{\"checkCode\":\"" + (code.equals("000000") ? "111111" : "000000") + "\"}");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(json(wrong).at("/error/code").asText()).isEqualTo("pairing_code_mismatch");

            ConfabClient eve = server.newUser("Eve");
            assertThat(eve.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + code + "\"}")
                            .status())
                    .as("claimed by Alice, who looked first")
                    .isEqualTo(404);

            RawResponse ok =
                    alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + code + "\"}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            long sessionId = json(ok).get("sessionId").asLong();

            JsonNode approved = laptop.frame("approved");
            assertThat(approved.toString())
                    .as("the token never crosses in the clear")
                    .doesNotContain("token");
            JsonNode grant = laptop.open(approved, id);
            assertThat(grant.get("sessionId").asLong()).isEqualTo(sessionId);
            assertThat(grant.get("userId").asLong()).isEqualTo(alice.user().id());
            ConfabClient paired =
                    ConfabClient.withToken(server.base(), grant.get("token").asText());
            assertThat(paired.me().id()).isEqualTo(alice.user().id());
            assertThat(alice.sessions())
                    .anyMatch(s -> s.id() == sessionId && s.device().equals("new-laptop"));
            assertThat(laptop.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);

            assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + code + "\"}")
                            .status())
                    .as("single use")
                    .isEqualTo(404);
        }
    }

    @Test
    void pairingsExpireDieAfterWrongCodesAndCanBeRejected() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        try (PairingDevice waiting = new PairingDevice(server.base(), "slow")) {
            String id = waiting.frame("pairing").get("pairingId").asText();
            assertThat(waiting.frame("ended").get("reason").asText()).isEqualTo("expired");
            assertThat(waiting.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
            RawResponse late = alice.raw("POST", "/api/v1/pairing/" + id + "/inspect", null);
            assertThat(late.status()).isEqualTo(404);
            assertThat(json(late).at("/error/code").asText()).isEqualTo("pairing_not_found");
        }
        try (PairingDevice guessed = new PairingDevice(server.base(), "guessed")) {
            JsonNode p = guessed.frame("pairing");
            String id = p.get("pairingId").asText();
            String wrong = p.get("checkCode").asText().equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 3; i++) {
                assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + wrong + "\"}")
                                .status())
                        .isEqualTo(403);
            }
            assertThat(guessed.frame("ended").get("reason").asText()).isEqualTo("failed");
            assertThat(alice.raw(
                                    "POST",
                                    "/api/v1/pairing/" + id + "/approve",
                                    "{\"checkCode\":\"" + p.get("checkCode").asText() + "\"}")
                            .status())
                    .isEqualTo(404);
        }
        try (PairingDevice refused = new PairingDevice(server.base(), "refused")) {
            String id = refused.frame("pairing").get("pairingId").asText();
            assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/reject", null)
                            .status())
                    .isEqualTo(204);
            assertThat(refused.frame("ended").get("reason").asText()).isEqualTo("rejected");
        }
        long sessions = alice.sessions().size();
        assertThat(sessions).as("none of them got a session").isEqualTo(1);
    }

    @Test
    void aPairingSocketNeedsAValidKey() {
        HttpClient http = HttpClient.newHttpClient();
        for (String key :
                List.of("", "not-a-key", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[65]))) {
            try {
                http.newWebSocketBuilder()
                        .buildAsync(
                                URI.create("ws://" + server.base().getAuthority() + "/ws/pair?key=" + key),
                                new WebSocket.Listener() {})
                        .join();
                throw new AssertionError("upgrade accepted for key " + key);
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
                assertThat(((java.net.http.WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(400);
            }
        }
    }
}
