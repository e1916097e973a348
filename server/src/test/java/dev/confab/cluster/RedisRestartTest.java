package dev.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Room;
import dev.confab.cluster.ClusterEndToEndTest.Counts;
import dev.confab.cluster.ClusterEndToEndTest.Reader;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.TestCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redis really restarted (SIGKILL, then a new process on the same port: every connection dropped,
 * every key, script and subscription gone) while people on two of three nodes send. The nodes
 * reconnect by themselves and fill in from the store what the bus lost: every acknowledged message
 * reaches every other member exactly once. The test runs a Redis of its own, so the machine's one
 * is left alone.
 */
class RedisRestartTest {
    @Test
    void aRedisRestartUnderLoadLosesAndDuplicatesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("confab-redis");
        Process redis = startRedis(port, dir);
        try (TestCluster cluster = new TestCluster(3, port)) {
            ConfabClient alice = cluster.newUser(0, "Alice");
            ConfabClient bob = cluster.newUser(1, "Bob");
            ConfabClient carol = cluster.newUser(2, "Carol");
            Room room = alice.createGroup(
                    "redis restart", null, List.of(bob.user().id(), carol.user().id()));
            SocketRecorder aliceIn = new SocketRecorder(), bobIn = new SocketRecorder(), carolIn = new SocketRecorder();
            try (ChatSocket a = alice.connect(aliceIn);
                    ChatSocket b = bob.connect(bobIn);
                    ChatSocket c = carol.connect(carolIn)) {
                for (ChatSocket s : List.of(a, b, c)) s.hello().get(10, TimeUnit.SECONDS);
                Process[] current = {redis};
                Map<Long, Long> senderOf = ClusterEndToEndTest.send(room, List.of(a, b), 600, i -> {
                    if (i != 200) return;
                    try {
                        current[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        Thread.sleep(1000); // down for a second, as a restart is
                        current[0] = startRedis(port, dir);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                redis = current[0];
                Counts counts = ClusterEndToEndTest.deliveredToTheOthers(
                        senderOf,
                        List.of(new Reader(aliceIn, alice), new Reader(bobIn, bob), new Reader(carolIn, carol)),
                        Duration.ofSeconds(60));
                long replayed = ClusterEndToEndTest.replayed(cluster, 3);
                System.out.printf(
                        "cluster redis restart: acknowledged=%d lost=%d duplicated=%d (replayed from store: %d)%n",
                        counts.acknowledged, counts.lost, counts.duplicated, replayed);
                assertThat(counts.acknowledged).isEqualTo(600);
                assertThat(counts.lost).isZero();
                assertThat(counts.duplicated).isZero();
                assertThat(replayed).as("the store filled in what the bus lost").isPositive();
            }
        } finally {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startRedis(int port, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline)
                    throw new IOException("redis-server did not start; see " + dir.resolve("redis.log"), e);
                Thread.sleep(20);
            }
        }
    }
}
