package dev.confab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** The REST calls a scenario needs for its set-up: sign-ups and rooms. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A signed-up user with the token of its one session. */
    record Account(long id, String username, String token) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1";
    }

    JsonNode call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300)
            throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    Account signup(String username) throws IOException, InterruptedException {
        JsonNode r = call(
                "POST",
                "/auth/signup",
                null,
                Map.of("username", username, "password", "bench-password", "device", "bench"));
        return new Account(
                r.path("user").path("id").asLong(), username, r.path("token").asText());
    }

    Account login(String username) throws IOException, InterruptedException {
        JsonNode r = call(
                "POST",
                "/auth/login",
                null,
                Map.of("username", username, "password", "bench-password", "device", "bench"));
        return new Account(
                r.path("user").path("id").asLong(), username, r.path("token").asText());
    }

    /** A group owned by {@code owner} with {@code others} as members (added 200 per call). */
    long group(Account owner, String name, List<Long> others) throws IOException, InterruptedException {
        List<Long> first = others.subList(0, Math.min(others.size(), 200));
        long id = call("POST", "/rooms", owner.token(), Map.of("name", name, "memberIds", first))
                .path("id")
                .asLong();
        for (int i = 200; i < others.size(); i += 200) {
            call(
                    "POST",
                    "/rooms/" + id + "/members",
                    owner.token(),
                    Map.of("userIds", others.subList(i, Math.min(others.size(), i + 200))));
        }
        return id;
    }

    long direct(Account a, Account b) throws IOException, InterruptedException {
        return call("POST", "/rooms/direct", a.token(), Map.of("userId", b.id()))
                .path("id")
                .asLong();
    }

    interface Task<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code n} tasks with at most {@code concurrency} at a time; results in index order. */
    static <T> List<T> parallel(int n, int concurrency, String what, Task<T> task) throws Exception {
        long start = System.nanoTime();
        Semaphore permits = new Semaphore(concurrency);
        List<Future<T>> futures = new ArrayList<>(n);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int idx = i;
                permits.acquire();
                futures.add(ex.submit(() -> {
                    try {
                        return task.run(idx);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<T> out = new ArrayList<>(n);
            for (Future<T> f : futures) out.add(f.get());
            Log.info(String.format("%s: %d in %.1f s", what, n, (System.nanoTime() - start) / 1e9));
            return out;
        }
    }

    static List<Account> signups(Api api, String prefix, int n, int concurrency) throws Exception {
        return parallel(n, concurrency, "sign-ups", i -> api.signup(prefix + "-" + i));
    }

    /**
     * Many users with one session each, written straight into the store (the server's own sign-up
     * commits each one alone, about a hundred per second on SQLite with fsync). The rows are what a
     * sign-up writes: the password hash is copied from a user signed up through the API, and each
     * session stores the SHA-256 of its bearer token.
     */
    static List<Account> bulkUsers(Api api, Store store, String prefix, int n) throws Exception {
        long start = System.nanoTime();
        Account template = api.signup(prefix + "-template");
        List<Account> out = new ArrayList<>(n);
        java.security.SecureRandom random = new java.security.SecureRandom();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        long now = System.currentTimeMillis();
        long expires = now + Duration.ofDays(30).toMillis();
        try (java.sql.Connection c = store.connect()) {
            c.setAutoCommit(false);
            String hash;
            try (var ps = c.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
                ps.setLong(1, template.id());
                var rs = ps.executeQuery();
                rs.next();
                hash = rs.getString(1);
            }
            try (var users = c.prepareStatement(
                            "INSERT INTO users (username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id");
                    var sessions = c.prepareStatement(
                            "INSERT INTO sessions (user_id, token_hash, device, created_at, last_used_at, expires_at) VALUES (?, ?, 'bench', ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String name = prefix + "-" + i;
                    users.setString(1, name);
                    users.setString(2, name);
                    users.setString(3, hash);
                    users.setLong(4, now);
                    long id;
                    try (var rs = users.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    byte[] raw = new byte[32];
                    random.nextBytes(raw);
                    String token =
                            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                    sessions.setLong(1, id);
                    sessions.setString(
                            2,
                            java.util.HexFormat.of()
                                    .formatHex(sha.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                    sessions.setLong(3, now);
                    sessions.setLong(4, now);
                    sessions.setLong(5, expires);
                    sessions.addBatch();
                    if ((i + 1) % 1000 == 0) sessions.executeBatch();
                    out.add(new Account(id, name, token));
                }
                sessions.executeBatch();
            }
            c.commit();
        }
        Log.info(String.format("bulk users: %d in %.1f s", n, (System.nanoTime() - start) / 1e9));
        // one real call per kind of account proves the tokens work
        api.call("GET", "/me", out.getFirst().token(), null);
        return out;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
