package dev.confab.cluster;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.client.SyncBatch;
import dev.confab.client.SyncEvent;
import dev.confab.testing.ChildServer;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.TestCluster;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one PostgreSQL database and Redis (PostgreSQL only: SQLite cannot be shared by
 * processes on several machines, so a cluster never runs on it). People on different nodes chat
 * live; the bus losing envelopes (subscriptions killed, Redis away) or a node dying under load
 * loses no acknowledged message and duplicates none.
 */
class ClusterEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void peopleOnDifferentNodesChatLiveWithReceiptsTypingAndPresence() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            ConfabClient alice = cluster.newUser(0, "Alice");
            ConfabClient bob = cluster.newUser(1, "Bob");
            ConfabClient carol = cluster.newUser(2, "Carol");
            Room room = alice.createGroup(
                    "three nodes", null, List.of(bob.user().id(), carol.user().id()));
            SocketRecorder aliceIn = new SocketRecorder(), bobIn = new SocketRecorder(), carolIn = new SocketRecorder();
            try (ChatSocket a = alice.connect(aliceIn);
                    ChatSocket c = carol.connect(carolIn)) {
                a.hello().get(10, TimeUnit.SECONDS);
                c.hello().get(10, TimeUnit.SECONDS);
                ChatSocket b = bob.connect(bobIn);
                b.hello().get(10, TimeUnit.SECONDS);
                assertThat(await(
                                WAIT,
                                () -> aliceIn.presence.stream()
                                        .anyMatch(p -> p.userId() == bob.user().id() && p.online())))
                        .as("Alice on node 0 sees Bob come online on node 1")
                        .isTrue();

                SendResult sent =
                        a.send(room.id(), "hello-1", "hello from node 0").get(10, TimeUnit.SECONDS);
                assertThat(await(
                                WAIT,
                                () -> bobIn.texts().size() == 1
                                        && carolIn.texts().size() == 1))
                        .isTrue();
                assertThat(bobIn.texts().getFirst().id())
                        .isEqualTo(sent.message().id());
                assertThat(carolIn.texts().getFirst().text()).isEqualTo("hello from node 0");

                b.read(room.id(), sent.message().seq()).get(10, TimeUnit.SECONDS);
                assertThat(await(
                                WAIT,
                                () -> aliceIn.receipts.stream()
                                        .anyMatch(r -> r.userId() == bob.user().id()
                                                && r.read() == sent.message().seq())))
                        .as("Alice sees Bob's read receipt from another node")
                        .isTrue();

                c.typing(room.id(), true).get(10, TimeUnit.SECONDS);
                assertThat(await(WAIT, () -> aliceIn.typing.size() == 1 && bobIn.typing.size() == 1))
                        .isTrue();
                assertThat(aliceIn.typing.getFirst().userId())
                        .isEqualTo(carol.user().id());
                assertThat(carolIn.typing).as("no echo of one's own typing").isEmpty();

                b.close();
                assertThat(await(
                                WAIT,
                                () -> aliceIn.presence.stream()
                                        .anyMatch(p -> p.userId() == bob.user().id() && !p.online())))
                        .as("Alice sees Bob go offline")
                        .isTrue();
                assertThat(aliceIn.texts()).as("the sender gets no echo").isEmpty();

                // Carol ends her node-2 session from a device signed in through node 0: the socket on node 2 closes.
                long carolSession = c.hello().get(10, TimeUnit.SECONDS).sessionId();
                ConfabClient carolElsewhere = ConfabClient.login(
                        cluster.base(0),
                        carol.user().username(),
                        "password-" + carol.user().username(),
                        "laptop");
                carolElsewhere.revokeSession(carolSession);
                assertThat(carolIn.closed.get(30, TimeUnit.SECONDS).code()).isEqualTo(4001);
            }
        }
    }

    /**
     * Alice (node 0) and Bob (node 1) send 600 messages; Carol (node 2) and Bob read live. Midway every
     * node's subscription is killed (CLIENT KILL), later Redis is unreachable for three seconds. Every
     * acknowledged message reaches every other member's socket exactly once, without a sync.
     */
    @Test
    void droppedSubscriptionsAndRedisAwayUnderLoadLoseAndDuplicateNothing() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            ConfabClient alice = cluster.newUser(0, "Alice");
            ConfabClient bob = cluster.newUser(1, "Bob");
            ConfabClient carol = cluster.newUser(2, "Carol");
            Room room = alice.createGroup(
                    "outages", null, List.of(bob.user().id(), carol.user().id()));
            SocketRecorder aliceIn = new SocketRecorder(), bobIn = new SocketRecorder(), carolIn = new SocketRecorder();
            try (ChatSocket a = alice.connect(aliceIn);
                    ChatSocket b = bob.connect(bobIn);
                    ChatSocket c = carol.connect(carolIn)) {
                for (ChatSocket s : List.of(a, b, c)) s.hello().get(10, TimeUnit.SECONDS);
                Map<Long, Long> senderOf = send(room, List.of(a, b), 600, i -> {
                    if (i == 150) killSubscriptions(cluster.prefix());
                    if (i == 350) cluster.redis().cut();
                    if (i == 450) cluster.redis().restore();
                });
                Counts counts = deliveredToTheOthers(
                        senderOf,
                        List.of(new Reader(aliceIn, alice), new Reader(bobIn, bob), new Reader(carolIn, carol)),
                        Duration.ofSeconds(60));
                System.out.printf(
                        "cluster outages: acknowledged=%d lost=%d duplicated=%d (replayed from store: %d)%n",
                        counts.acknowledged, counts.lost, counts.duplicated, replayed(cluster, 3));
                assertThat(counts.acknowledged).isEqualTo(600);
                assertThat(counts.lost).isZero();
                assertThat(counts.duplicated).isZero();
                assertThat(replayed(cluster, 3))
                        .as("the store filled in what the bus lost")
                        .isPositive();
            } finally {
                cluster.redis().restore();
            }
        }
    }

    /**
     * A fourth node in its own JVM is killed with SIGKILL while Alice (node 0) and Bob (node 1) send;
     * Dave, connected to it, reconnects to node 2 and syncs from where his socket was: every
     * acknowledged message reaches him exactly once, and the survivors' readers miss nothing.
     */
    @Test
    void aKilledNodesDevicesReconnectElsewhereAndCatchUp() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            URI doomed = URI.create("http://127.0.0.1:" + port);
            Process child = startNode(cluster.settings(), port);
            try {
                ChildServer.awaitReady(doomed);
                ConfabClient alice = cluster.newUser(0, "Alice");
                ConfabClient bob = cluster.newUser(1, "Bob");
                String daveName = "dave" + System.nanoTime();
                ConfabClient dave = ConfabClient.signup(doomed, daveName, "password-" + daveName, "Dave", "phone");
                Room room = alice.createGroup(
                        "kill -9", null, List.of(bob.user().id(), dave.user().id()));
                SocketRecorder aliceIn = new SocketRecorder(),
                        bobIn = new SocketRecorder(),
                        daveIn = new SocketRecorder(),
                        daveAgainIn = new SocketRecorder();
                try (ChatSocket a = alice.connect(aliceIn);
                        ChatSocket b = bob.connect(bobIn)) {
                    a.hello().get(10, TimeUnit.SECONDS);
                    b.hello().get(10, TimeUnit.SECONDS);
                    ChatSocket d = dave.connect(daveIn);
                    long token = d.hello().get(10, TimeUnit.SECONDS).pos();
                    long[] killedAt = new long[1];
                    Map<Long, Long> senderOf = send(room, List.of(a, b), 400, i -> {
                        if (i == 200) {
                            child.destroyForcibly(); // SIGKILL
                            killedAt[0] = System.nanoTime();
                        }
                    });
                    child.waitFor(10, TimeUnit.SECONDS);
                    // Dave's device notices and reconnects to a surviving node with the same session, then syncs.
                    d.closed().get(30, TimeUnit.SECONDS);
                    ConfabClient daveElsewhere = ConfabClient.withToken(cluster.base(2), dave.token());
                    try (ChatSocket again = daveElsewhere.connect(daveAgainIn)) {
                        again.hello().get(10, TimeUnit.SECONDS);
                        List<Message> synced = syncTexts(again, token);
                        long recoveredMs = (System.nanoTime() - killedAt[0]) / 1_000_000;
                        Set<Long> all = new HashSet<>(senderOf.keySet());
                        Set<Long> daveHas = new HashSet<>(ids(daveIn));
                        synced.forEach(m -> daveHas.add(m.id()));
                        long daveLost =
                                all.stream().filter(id -> !daveHas.contains(id)).count();
                        int daveDup = duplicates(daveIn.texts()) + duplicates(synced) + duplicates(daveAgainIn.texts());
                        Counts survivors = deliveredToTheOthers(
                                senderOf, List.of(new Reader(aliceIn, alice), new Reader(bobIn, bob)), WAIT);
                        System.out.printf(
                                "cluster node kill: acknowledged=%d; Dave (on the killed node): live=%d synced=%d lost=%d duplicated=%d,"
                                        + " caught up %d ms after the kill; survivors lost=%d duplicated=%d%n",
                                senderOf.size(),
                                ids(daveIn).size(),
                                synced.size(),
                                daveLost,
                                daveDup,
                                recoveredMs,
                                survivors.lost,
                                survivors.duplicated);
                        assertThat(senderOf).hasSize(400);
                        assertThat(daveLost).isZero();
                        assertThat(daveDup).isZero();
                        assertThat(survivors.lost).isZero();
                        assertThat(survivors.duplicated).isZero();
                    }
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    record Reader(SocketRecorder inbox, ConfabClient client) {}

    static final class Counts {
        final int acknowledged;
        long lost;
        int duplicated;

        Counts(int acknowledged) {
            this.acknowledged = acknowledged;
        }

        void add(Set<Long> expected, List<Message> got) {
            Set<Long> ids = new HashSet<>();
            got.forEach(m -> ids.add(m.id()));
            lost += expected.stream().filter(id -> !ids.contains(id)).count();
            duplicated += duplicates(got);
        }
    }

    /**
     * Waits (up to {@code within}) until every reader has every acknowledged message of the others,
     * then counts what each lacks and what it got twice.
     */
    static Counts deliveredToTheOthers(Map<Long, Long> senderOf, List<Reader> readers, Duration within) {
        Counts counts = new Counts(senderOf.size());
        for (Reader reader : readers) {
            Set<Long> expected = new HashSet<>();
            senderOf.forEach((id, sender) -> {
                if (sender != reader.client().user().id()) expected.add(id);
            });
            await(within, () -> ids(reader.inbox()).containsAll(expected));
            counts.add(expected, reader.inbox().texts());
        }
        return counts;
    }

    /** Every text message since {@code token}, as a reconnected device's sync gets it. */
    static List<Message> syncTexts(ChatSocket socket, long token) throws Exception {
        List<Message> synced = new ArrayList<>();
        for (SyncBatch batch; ; token = batch.next()) {
            batch = socket.sync(token, 200).get(10, TimeUnit.SECONDS);
            batch.events().stream()
                    .filter(e -> "message".equals(e.type()))
                    .map(SyncEvent::message)
                    .filter(m -> "text".equals(m.kind()))
                    .forEach(synced::add);
            if (!batch.more()) return synced;
        }
    }

    static int duplicates(List<Message> got) {
        Set<Long> seen = new HashSet<>();
        int dup = 0;
        for (Message m : got) if (!seen.add(m.id())) dup++;
        return dup;
    }

    static List<Long> ids(SocketRecorder in) {
        return in.texts().stream().map(Message::id).toList();
    }

    /** Sends {@code n} messages alternately from the sockets, up to 50 in flight; answers message id -> sender of the acknowledged ones. */
    static Map<Long, Long> send(Room room, List<ChatSocket> from, int n, IntConsumer at) throws Exception {
        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            at.accept(i);
            sends.add(from.get(i % from.size()).send(room.id(), "c-" + i, "message " + i));
            if (i >= 50) sends.get(i - 50).get(30, TimeUnit.SECONDS);
        }
        Map<Long, Long> acked = new HashMap<>();
        for (var f : sends) {
            try {
                SendResult r = f.get(30, TimeUnit.SECONDS);
                acked.put(r.message().id(), r.message().senderId());
            } catch (Exception notAcknowledged) {
                // a sender would resend it; it is not counted
            }
        }
        return acked;
    }

    /** CLIENT KILL of this cluster's subscriptions only (by client name), so parallel runs are left alone. */
    private static void killSubscriptions(String prefix) {
        RedisClient client = RedisClient.create("redis://" + TestCluster.REDIS_HOST + ":" + TestCluster.REDIS_PORT);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            int killed = 0;
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=" + prefix + "-node-") && !line.contains(" sub=0 ")) {
                    String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                    killed += c.sync()
                            .clientKill(KillArgs.Builder.id(Long.parseLong(id)))
                            .intValue();
                }
            }
            assertThat(killed).as("subscriptions killed").isEqualTo(3);
        } finally {
            client.shutdown();
        }
    }

    static long replayed(TestCluster cluster, int nodes) {
        long sum = 0;
        for (int i = 0; i < nodes; i++) {
            String metrics = ConfabClient.withToken(cluster.base(i), null)
                    .raw("GET", "/metrics", null)
                    .body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("confab_bus_replayed_total"))
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static Process startNode(Map<String, String> settings, int port) throws Exception {
        Map<String, String> s = new HashMap<>(settings);
        s.put("http.port", String.valueOf(port));
        return ChildServer.start(List.of(), s);
    }
}
