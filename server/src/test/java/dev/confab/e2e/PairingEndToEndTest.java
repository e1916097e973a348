package dev.confab.e2e;

import static dev.confab.testing.Inbox.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confab.client.ConfabClient;
import dev.confab.client.RawResponse;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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

    /** The new device: its key pair, its pairing socket and the frames it received. */
    static final class NewDevice implements WebSocket.Listener, AutoCloseable {
        final KeyPair keys;
        final String publicKey;
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        NewDevice(URI base, String device) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
            publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(raw((ECPublicKey) keys.getPublic()));
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("User-Agent", "TestBrowser/1.0 (new laptop)")
                    .buildAsync(URI.create("ws://" + base.getAuthority() + "/ws/pair?key=" + publicKey + "&device=" + device), this)
                    .get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        JsonNode frame(String type) {
            await(WAIT, () -> frames.stream().anyMatch(f -> f.path("type").asText().equals(type)));
            return frames.stream().filter(f -> f.path("type").asText().equals(type)).findFirst().orElse(null);
        }

        /** Opens the grant as a browser would with WebCrypto: ECDH, HKDF-SHA-256, AES-GCM. */
        JsonNode open(JsonNode approved, String pairingId) throws Exception {
            Base64.Decoder d = Base64.getUrlDecoder();
            byte[] server = d.decode(approved.get("serverKey").asText());
            var params = java.security.AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            var serverKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                    new BigInteger(1, Arrays.copyOfRange(server, 1, 33)), new BigInteger(1, Arrays.copyOfRange(server, 33, 65))),
                    params.getParameterSpec(ECParameterSpec.class)));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(keys.getPrivate());
            ka.doPhase(serverKey, true);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(ka.generateSecret());
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] okm = mac.doFinal(("confab pairing v1\u0001").getBytes(StandardCharsets.US_ASCII));
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Arrays.copyOf(okm, 32), "AES"), new GCMParameterSpec(128, d.decode(approved.get("iv").asText())));
            gcm.updateAAD(pairingId.getBytes(StandardCharsets.US_ASCII));
            return JSON.readTree(gcm.doFinal(d.decode(approved.get("ciphertext").asText())));
        }

        static byte[] raw(ECPublicKey k) {
            byte[] out = new byte[65];
            out[0] = 4;
            put(k.getW().getAffineX(), out, 1);
            put(k.getW().getAffineY(), out, 33);
            return out;
        }

        private static void put(BigInteger v, byte[] out, int at) {
            byte[] b = v.toByteArray();
            int n = Math.min(32, b.length);
            System.arraycopy(b, b.length - n, out, at + 32 - n, n);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    private static JsonNode json(RawResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aSignedInDeviceApprovesANewDeviceWhichGetsItsOwnSessionEncryptedToItsKey() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        try (NewDevice laptop = new NewDevice(server.base(), "new-laptop")) {
            JsonNode pairing = laptop.frame("pairing");
            String id = pairing.get("pairingId").asText();
            String code = pairing.get("checkCode").asText();
            assertThat(code).matches("[0-9]{6}");
            assertThat(pairing.get("qr").asText()).isEqualTo("confab-pair:" + id + "." + laptop.publicKey);

            JsonNode who = json(alice.raw("POST", "/api/v1/pairing/" + id + "/inspect", null));
            assertThat(who.get("userAgent").asText()).as("the approver sees which device asks").isEqualTo("TestBrowser/1.0 (new laptop)");
            assertThat(who.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(who.get("device").asText()).isEqualTo("new-laptop");
            assertThat(who.get("publicKey").asText()).as("to compare with the key in the QR code").isEqualTo(laptop.publicKey);
            assertThat(laptop.frame("scanned")).isNotNull();

            RawResponse wrong = alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + (code.equals("000000") ? "111111" : "000000") + "\"}");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(json(wrong).at("/error/code").asText()).isEqualTo("pairing_code_mismatch");

            ConfabClient eve = server.newUser("Eve");
            assertThat(eve.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + code + "\"}").status())
                    .as("claimed by Alice, who looked first").isEqualTo(404);

            RawResponse ok = alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + code + "\"}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            long sessionId = json(ok).get("sessionId").asLong();

            JsonNode approved = laptop.frame("approved");
            assertThat(approved.toString()).as("the token never crosses in the clear").doesNotContain("token");
            JsonNode grant = laptop.open(approved, id);
            assertThat(grant.get("sessionId").asLong()).isEqualTo(sessionId);
            assertThat(grant.get("userId").asLong()).isEqualTo(alice.user().id());
            ConfabClient paired = ConfabClient.withToken(server.base(), grant.get("token").asText());
            assertThat(paired.me().id()).isEqualTo(alice.user().id());
            assertThat(alice.sessions()).anyMatch(s -> s.id() == sessionId && s.device().equals("new-laptop"));
            assertThat(laptop.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);

            assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + code + "\"}").status())
                    .as("single use").isEqualTo(404);
        }
    }

    @Test
    void pairingsExpireDieAfterWrongCodesAndCanBeRejected() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        try (NewDevice waiting = new NewDevice(server.base(), "slow")) {
            String id = waiting.frame("pairing").get("pairingId").asText();
            assertThat(waiting.frame("ended").get("reason").asText()).isEqualTo("expired");
            assertThat(waiting.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
            RawResponse late = alice.raw("POST", "/api/v1/pairing/" + id + "/inspect", null);
            assertThat(late.status()).isEqualTo(404);
            assertThat(json(late).at("/error/code").asText()).isEqualTo("pairing_not_found");
        }
        try (NewDevice guessed = new NewDevice(server.base(), "guessed")) {
            JsonNode p = guessed.frame("pairing");
            String id = p.get("pairingId").asText();
            String wrong = p.get("checkCode").asText().equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 3; i++) {
                assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + wrong + "\"}").status()).isEqualTo(403);
            }
            assertThat(guessed.frame("ended").get("reason").asText()).isEqualTo("failed");
            assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/approve", "{\"checkCode\":\"" + p.get("checkCode").asText() + "\"}").status())
                    .isEqualTo(404);
        }
        try (NewDevice refused = new NewDevice(server.base(), "refused")) {
            String id = refused.frame("pairing").get("pairingId").asText();
            assertThat(alice.raw("POST", "/api/v1/pairing/" + id + "/reject", null).status()).isEqualTo(204);
            assertThat(refused.frame("ended").get("reason").asText()).isEqualTo("rejected");
        }
        long sessions = alice.sessions().size();
        assertThat(sessions).as("none of them got a session").isEqualTo(1);
    }

    @Test
    void aPairingSocketNeedsAValidKey() {
        HttpClient http = HttpClient.newHttpClient();
        for (String key : List.of("", "not-a-key", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[65]))) {
            try {
                http.newWebSocketBuilder().buildAsync(URI.create("ws://" + server.base().getAuthority() + "/ws/pair?key=" + key),
                        new WebSocket.Listener() {}).join();
                throw new AssertionError("upgrade accepted for key " + key);
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
                assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(400);
            }
        }
    }
}
