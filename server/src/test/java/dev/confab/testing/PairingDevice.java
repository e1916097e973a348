package dev.confab.testing;

import static dev.confab.testing.SocketRecorder.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** A new device in QR-code login: its key pair, its pairing socket and the frames it received. */
public final class PairingDevice implements WebSocket.Listener, AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    public final KeyPair keys;
    public final String publicKey;
    public final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    public PairingDevice(URI base, String device) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        keys = g.generateKeyPair();
        publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(raw((ECPublicKey) keys.getPublic()));
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("User-Agent", "TestBrowser/1.0 (new laptop)")
                .buildAsync(
                        URI.create("ws://" + base.getAuthority() + "/ws/pair?key=" + publicKey + "&device=" + device),
                        this)
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

    public JsonNode frame(String type) {
        await(WAIT, () -> frames.stream().anyMatch(f -> f.path("type").asText().equals(type)));
        return frames.stream()
                .filter(f -> f.path("type").asText().equals(type))
                .findFirst()
                .orElse(null);
    }

    /** Opens the grant as a browser would with WebCrypto: ECDH, HKDF-SHA-256, AES-GCM. */
    public JsonNode open(JsonNode approved, String pairingId) throws Exception {
        Base64.Decoder d = Base64.getUrlDecoder();
        byte[] server = d.decode(approved.get("serverKey").asText());
        var params = java.security.AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        var serverKey = KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(
                        new ECPoint(
                                new BigInteger(1, Arrays.copyOfRange(server, 1, 33)),
                                new BigInteger(1, Arrays.copyOfRange(server, 33, 65))),
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
        gcm.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(Arrays.copyOf(okm, 32), "AES"),
                new GCMParameterSpec(128, d.decode(approved.get("iv").asText())));
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
