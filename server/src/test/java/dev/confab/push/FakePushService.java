package dev.confab.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A push service and a push gateway on 127.0.0.1 for the tests: records every request, answers
 * with the statuses queued per path (201 when none is queued), and can play a browser's side of a
 * subscription: its keys, the decryption of a push (with {@link IndependentPushDecryptor}) and the
 * check of the VAPID token.
 */
public final class FakePushService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Request(String path, Map<String, List<String>> headers, byte[] body, Instant at) {
        public String header(String name) {
            for (var e : headers.entrySet())
                if (e.getKey().equalsIgnoreCase(name)) return e.getValue().getFirst();
            return null;
        }
    }

    private final HttpServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ArrayDeque<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    private volatile int defaultStatus = 201;

    public FakePushService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(path, Map.copyOf(ex.getRequestHeaders()), body, Instant.now()));
            ArrayDeque<Integer> queued = statuses.get(path);
            Integer s;
            synchronized (this) {
                s = queued == null ? null : queued.poll();
            }
            int status = s == null ? defaultStatus : s;
            byte[] reply = replies.getOrDefault(path, "").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) ex.getResponseBody().write(reply);
            ex.close();
        });
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next answers to requests for {@code path}, in order; afterwards the default. */
    public synchronized void answer(String path, Integer... codes) {
        statuses.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(Arrays.asList(codes));
    }

    public void defaultStatus(int status) {
        defaultStatus = status;
    }

    public void replyBody(String path, String json) {
        replies.put(path, json);
    }

    public List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public boolean await(Duration timeout, Predicate<List<Request>> condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.test(requests)) return true;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.test(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A browser's subscription keys: the P-256 pair (p256dh) and the 16-byte auth secret. */
    public static final class Browser {
        final KeyPair keys;
        public final byte[] publicKey;
        public final byte[] auth = new byte[16];

        public Browser() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
            ECPoint w = ((ECPublicKey) keys.getPublic()).getW();
            publicKey = new byte[65];
            publicKey[0] = 4;
            put(w.getAffineX(), publicKey, 1);
            put(w.getAffineY(), publicKey, 33);
            new java.security.SecureRandom().nextBytes(auth);
        }

        public String subscription(String endpoint) {
            Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
            return "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\"" + b.encodeToString(publicKey)
                    + "\",\"auth\":\"" + b.encodeToString(auth) + "\"}}";
        }

        /** The push's JSON payload, decrypted as a browser would. */
        public JsonNode open(Request r) throws IOException {
            byte[] d = new byte[32];
            put(((ECPrivateKey) keys.getPrivate()).getS(), d, 0);
            return JSON.readTree(IndependentPushDecryptor.decrypt(r.body(), d, publicKey, auth));
        }

        private static void put(BigInteger v, byte[] out, int at) {
            byte[] b = v.toByteArray();
            int n = Math.min(32, b.length);
            System.arraycopy(b, b.length - n, out, at + 32 - n, n);
        }
    }

    /**
     * Checks the VAPID header as a push service does (RFC 8292): the ES256 signature against the
     * key sent with it, the audience, an expiry in the future but within 24 hours, a subject.
     * Returns the key (base64url) the token was signed with.
     */
    public static String verifyVapid(Request r, String expectedAudience) throws Exception {
        String h = r.header("Authorization");
        if (h == null || !h.startsWith("vapid ")) throw new AssertionError("no vapid authorization: " + h);
        String t = null, k = null;
        for (String part : h.substring(6).split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) t = p.substring(2);
            if (p.startsWith("k=")) k = p.substring(2);
        }
        String[] jwt = t.split("\\.");
        Base64.Decoder d = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(d.decode(jwt[0]));
        JsonNode claims = JSON.readTree(d.decode(jwt[1]));
        if (!"ES256".equals(header.path("alg").asText())) throw new AssertionError("alg " + header);
        byte[] key = d.decode(k);
        var curve = java.security.AlgorithmParameters.getInstance("EC");
        curve.init(new ECGenParameterSpec("secp256r1"));
        PublicKey pub = KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(
                        new ECPoint(
                                new BigInteger(1, Arrays.copyOfRange(key, 1, 33)),
                                new BigInteger(1, Arrays.copyOfRange(key, 33, 65))),
                        curve.getParameterSpec(java.security.spec.ECParameterSpec.class)));
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(pub);
        v.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!v.verify(d.decode(jwt[2]))) throw new AssertionError("VAPID signature does not verify");
        if (!expectedAudience.equals(claims.path("aud").asText())) throw new AssertionError("aud " + claims);
        long exp = claims.path("exp").asLong();
        long now = Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) throw new AssertionError("exp " + claims);
        if (!claims.path("sub").asText().startsWith("mailto:")
                && !claims.path("sub").asText().startsWith("https:")) {
            throw new AssertionError("sub " + claims);
        }
        return k;
    }
}
