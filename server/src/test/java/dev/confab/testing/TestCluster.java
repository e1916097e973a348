package dev.confab.testing;

import dev.confab.app.ConfabServer;
import dev.confab.app.Config;
import dev.confab.client.ConfabClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Several nodes in this JVM on one fresh PostgreSQL database and the local Redis (through a
 * {@link TcpProxy}, so a test can take Redis away), each on a free port. The channel and keys carry
 * a prefix of their own, so parallel runs never hear each other.
 */
public final class TestCluster implements AutoCloseable {
    public static final String REDIS_HOST = System.getenv().getOrDefault("CONFAB_TEST_REDIS_HOST", "127.0.0.1");
    public static final int REDIS_PORT =
            Integer.parseInt(System.getenv().getOrDefault("CONFAB_TEST_REDIS_PORT", "6379"));

    private final StoreKind.TestStore store = StoreKind.POSTGRES.create();
    private final TcpProxy redis;
    private final String prefix =
            "confabt" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Path mediaDir;
    private final List<ConfabServer> nodes = new ArrayList<>();

    public TestCluster(int n) throws Exception {
        this(n, REDIS_PORT, node -> Map.of());
    }

    /** Nodes on a Redis of the test's own on this machine, at {@code redisPort} (to restart it). */
    public TestCluster(int n, int redisPort) throws Exception {
        this(n, redisPort, node -> Map.of());
    }

    /** Nodes with settings of their own on top of {@link #settings()} (a media folder each, say). */
    public TestCluster(int n, java.util.function.IntFunction<Map<String, String>> perNode) throws Exception {
        this(n, REDIS_PORT, perNode);
    }

    private TestCluster(int n, int redisPort, java.util.function.IntFunction<Map<String, String>> perNode)
            throws Exception {
        redis = new TcpProxy(redisPort == REDIS_PORT ? REDIS_HOST : "127.0.0.1", redisPort);
        mediaDir = Files.createTempDirectory("confab-cluster-media");
        for (int i = 0; i < n; i++) {
            Map<String, String> s = settings();
            s.putAll(perNode.apply(i));
            nodes.add(ConfabServer.start(Config.fromMap(s)));
        }
    }

    /** Every node's settings; a child process takes the same ones as flags. */
    public Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("store.url", store.url());
        s.put("store.user", store.user());
        s.put("auth.bcryptCost", "4");
        s.put("shutdown.graceMillis", "1000");
        s.put("rate.send", "100000/1s");
        s.put("rate.roomCreate", "100000/1s");
        s.put("rate.join", "100000/1s");
        s.put("rate.signup", "100000/1s");
        s.put("media.dir", mediaDir.toString());
        s.put("bus.redisUrl", "redis://127.0.0.1:" + redis.port());
        s.put("bus.prefix", prefix);
        return s;
    }

    public String prefix() {
        return prefix;
    }

    public TcpProxy redis() {
        return redis;
    }

    public StoreKind.TestStore store() {
        return store;
    }

    public URI base(int node) {
        return URI.create("http://127.0.0.1:" + nodes.get(node).port());
    }

    public ConfabServer node(int i) {
        return nodes.get(i);
    }

    public ConfabClient newUser(int node, String name) {
        String username = (name + UUID.randomUUID().toString().substring(0, 6)).toLowerCase();
        return ConfabClient.signup(base(node), username, "password-" + username, name, name + "-phone");
    }

    @Override
    public void close() throws Exception {
        for (ConfabServer n : nodes) {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
        redis.close();
        store.close();
    }
}
