package dev.confab.cluster;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Message;
import dev.confab.client.Page;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.cluster.ClusterEndToEndTest.Counts;
import dev.confab.cluster.ClusterEndToEndTest.Reader;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.TestCluster;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for three seconds (new connections refused, every backend terminated, as a
 * restart does) while people on two of three nodes send. Senders are refused with
 * {@code store_unavailable} and a retry hint, and resend with the same clientId as a client does;
 * the nodes recover by themselves, and every message ends up stored once and delivered once.
 */
class ClusterStoreOutageTest {
    private static final int PER_SENDER = 300;

    @Test
    void postgresGoingAwayUnderLoadRefusesWithARetryHintAndLosesNothing() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            ConfabClient alice = cluster.newUser(0, "Alice");
            ConfabClient bob = cluster.newUser(1, "Bob");
            ConfabClient carol = cluster.newUser(2, "Carol");
            Room room = alice.createGroup(
                    "store outage", null, List.of(bob.user().id(), carol.user().id()));
            String url = cluster.store().url();
            String database = url.substring(url.lastIndexOf('/') + 1);
            String adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
            SocketRecorder aliceIn = new SocketRecorder(), bobIn = new SocketRecorder(), carolIn = new SocketRecorder();
            ExecutorService senders = Executors.newFixedThreadPool(2);
            try (ChatSocket a = alice.connect(aliceIn);
                    ChatSocket b = bob.connect(bobIn);
                    ChatSocket c = carol.connect(carolIn)) {
                for (ChatSocket s : List.of(a, b, c)) s.hello().get(10, TimeUnit.SECONDS);
                Map<Long, Long> senderOf = new ConcurrentHashMap<>();
                AtomicInteger refused = new AtomicInteger(), unanswered = new AtomicInteger();
                List<Future<?>> running = new ArrayList<>();
                for (ChatSocket s : List.of(a, b)) {
                    String name = s == a ? "a" : "b";
                    running.add(senders.submit(() -> {
                        for (int i = 0; i < PER_SENDER; i++) {
                            SendResult r = sendUntilAcknowledged(s, room, name + "-" + i, refused, unanswered);
                            senderOf.put(r.message().id(), r.message().senderId());
                            Thread.sleep(5);
                        }
                        return null;
                    }));
                }
                await(Duration.ofSeconds(60), () -> senderOf.size() >= PER_SENDER / 2);
                int ackedBefore = senderOf.size();
                admin(adminUrl, cluster, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                admin(
                        adminUrl,
                        cluster,
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                Thread.sleep(3000);
                admin(adminUrl, cluster, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
                long restoredAt = System.nanoTime();
                int ackedBy = senderOf.size();
                await(Duration.ofSeconds(60), () -> senderOf.size() > ackedBy);
                long recoveredMs = (System.nanoTime() - restoredAt) / 1_000_000;
                for (Future<?> f : running) f.get(120, TimeUnit.SECONDS);

                Counts counts = ClusterEndToEndTest.deliveredToTheOthers(
                        senderOf,
                        List.of(new Reader(aliceIn, alice), new Reader(bobIn, bob), new Reader(carolIn, carol)),
                        Duration.ofSeconds(60));
                List<Message> stored = history(carol, room);
                System.out.printf(
                        "cluster store outage: acknowledged=%d refused with store_unavailable=%d unanswered=%d"
                                + " lost=%d duplicated=%d stored=%d (stored twice: %d); acknowledged before the outage %d,"
                                + " during it %d; first acknowledgement %d ms after the store was back%n",
                        counts.acknowledged,
                        refused.get(),
                        unanswered.get(),
                        counts.lost,
                        counts.duplicated,
                        stored.size(),
                        ClusterEndToEndTest.duplicates(stored),
                        ackedBefore,
                        ackedBy - ackedBefore,
                        recoveredMs);
                assertThat(senderOf).hasSize(2 * PER_SENDER);
                assertThat(refused.get())
                        .as("sends refused while the store was away")
                        .isPositive();
                assertThat(counts.lost).isZero();
                assertThat(counts.duplicated).isZero();
                assertThat(stored).extracting(Message::id).containsExactlyInAnyOrderElementsOf(senderOf.keySet());
            } finally {
                senders.shutdownNow();
                admin(adminUrl, cluster, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
    }

    /**
     * Sends until acknowledged, with one clientId, as a client does: after {@code store_unavailable}
     * it waits the hinted time; an answer that does not come is resent (the server keeps it once).
     */
    private static SendResult sendUntilAcknowledged(
            ChatSocket s, Room room, String clientId, AtomicInteger refused, AtomicInteger unanswered)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                return s.send(room.id(), clientId, "message " + clientId).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ConfabException ce) || !"store_unavailable".equals(ce.code())) {
                    throw new AssertionError("a send failed otherwise than store_unavailable", e);
                }
                assertThat(ce.retryAfterMs()).as("a retry hint").isNotNull().isPositive();
                refused.incrementAndGet();
                Thread.sleep(ce.retryAfterMs());
            } catch (TimeoutException e) {
                unanswered.incrementAndGet();
            }
            if (System.nanoTime() > deadline) throw new AssertionError(clientId + " never acknowledged");
        }
    }

    /** Every text message in the room's stored history, newest page first. */
    private static List<Message> history(ConfabClient reader, Room room) {
        List<Message> all = new ArrayList<>();
        Long before = null;
        while (true) {
            Page page = reader.history(room.id(), before, null, 100);
            page.messages().stream().filter(m -> "text".equals(m.kind())).forEach(all::add);
            if (!page.more() || page.messages().isEmpty()) return all;
            before = page.messages().stream().mapToLong(Message::seq).min().getAsLong();
        }
    }

    private static void admin(String adminUrl, TestCluster cluster, String sql) throws Exception {
        try (var c = DriverManager.getConnection(adminUrl, cluster.store().user(), "");
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
