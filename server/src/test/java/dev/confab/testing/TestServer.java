package dev.confab.testing;

import dev.confab.app.ConfabServer;
import dev.confab.app.Config;
import dev.confab.client.ConfabClient;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real server on a free port over a fresh store; {@link #restart()} keeps the store. */
public final class TestServer implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();

    private final StoreKind.TestStore store;
    private final Map<String, String> settings;
    private final java.nio.file.Path mediaDir;
    private ConfabServer server;
    private int port;

    private final java.time.Clock clock;

    private TestServer(StoreKind kind, Map<String, String> overrides, java.time.Clock clock) {
        this.clock = clock;
        this.store = kind.create();
        try {
            this.mediaDir = java.nio.file.Files.createTempDirectory("confab-media");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.settings = new HashMap<>();
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("store.url", store.url());
        settings.put("store.user", store.user());
        settings.put("auth.bcryptCost", "4");
        settings.put("shutdown.graceMillis", "1000");
        // Tests about something else send in bursts; the rate-limit tests set their own limits.
        settings.put("rate.send", "100000/1s");
        settings.put("rate.roomCreate", "100000/1s");
        settings.put("rate.inviteCreate", "100000/1s");
        settings.put("rate.join", "100000/1s");
        settings.put("rate.upload", "100000/1s");
        settings.put("rate.read", "100000/1s");
        settings.put("rate.avatar", "100000/1s");
        settings.put("rate.signup", "100000/1s");
        settings.put("media.dir", mediaDir.toString());
        settings.putAll(overrides);
        this.server = ConfabServer.start(Config.fromMap(settings), clock);
        this.port = server.port();
    }

    public static TestServer start(StoreKind kind) {
        return new TestServer(kind, Map.of(), java.time.Clock.systemUTC());
    }

    public static TestServer start(StoreKind kind, Map<String, String> overrides) {
        return new TestServer(kind, overrides, java.time.Clock.systemUTC());
    }

    /** A server whose sessions, messages and receipts are timed by {@code clock}. */
    public static TestServer start(StoreKind kind, Map<String, String> overrides, java.time.Clock clock) {
        return new TestServer(kind, overrides, clock);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public ConfabServer server() {
        return server;
    }

    /** Where this server keeps uploaded media. */
    public java.nio.file.Path mediaDir() {
        return mediaDir;
    }

    public StoreKind.TestStore store() {
        return store;
    }

    /** Stops gracefully and starts again on the same store and port. */
    public void restart() {
        server.close();
        Map<String, String> again = new HashMap<>(settings);
        again.put("http.port", String.valueOf(port));
        server = ConfabServer.start(Config.fromMap(again), clock);
    }

    /** Signs up a user with a unique name on a device of their own. */
    public ConfabClient newUser(String name) {
        String username = (name + USERS.incrementAndGet()).toLowerCase();
        return ConfabClient.signup(base(), username, "password-" + username, name, name + "-phone");
    }

    /** Another session (device) of an existing user. */
    public ConfabClient login(ConfabClient user, String device) {
        return ConfabClient.login(
                base(), user.user().username(), "password-" + user.user().username(), device);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            store.close();
            try (var files = java.nio.file.Files.walk(mediaDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
