package dev.confab.cluster;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.testing.ChildServer;
import dev.confab.testing.Nginx;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.TestCluster;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Three nodes behind nginx, one of them its own process, killed with SIGKILL while two people send.
 * The readers connected through nginx; those on the killed node reconnect to the same address,
 * nginx takes them to a live node, and they sync from where their socket was: every acknowledged
 * message reaches every reader exactly once.
 */
class NginxNodeKillTest {
    @Test
    void devicesOfAKilledNodeReconnectThroughNginxAndCatchUp() throws Exception {
        assumeTrue(Files.isExecutable(Nginx.BINARY), "nginx is not installed");
        try (TestCluster cluster = new TestCluster(2)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process child = ClusterEndToEndTest.startNode(cluster.settings(), port);
            try (Nginx nginx =
                    new Nginx(List.of(cluster.node(0).port(), cluster.node(1).port(), port))) {
                ChildServer.awaitReady(URI.create("http://127.0.0.1:" + port));
                URI front = nginx.front();
                ConfabClient alice = cluster.newUser(0, "Alice");
                ConfabClient bob = cluster.newUser(1, "Bob");
                List<ConfabClient> readers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String name = "r" + i + "x" + System.nanoTime();
                    readers.add(ConfabClient.signup(front, name, "password-" + name, "R" + i, "phone"));
                }
                List<Long> members = new ArrayList<>(List.of(bob.user().id()));
                readers.forEach(r -> members.add(r.user().id()));
                Room room = alice.createGroup("kill behind nginx", null, members);

                // four sockets one after the other over three upstreams: round robin puts one on each node
                List<SocketRecorder> live = new ArrayList<>();
                List<ChatSocket> sockets = new ArrayList<>();
                List<Long> tokens = new ArrayList<>();
                for (ConfabClient r : readers) {
                    SocketRecorder in = new SocketRecorder();
                    ChatSocket s = ConfabClient.withToken(front, r.token()).connect(in);
                    tokens.add(s.hello().get(10, TimeUnit.SECONDS).pos());
                    live.add(in);
                    sockets.add(s);
                }
                // as a device does: on losing its socket, reconnect to the same address and sync from its token
                long[] killedAt = new long[1];
                AtomicBoolean over = new AtomicBoolean(); // the test closing its sockets is no reason to reconnect
                List<CompletableFuture<Reconnected>> reconnects = new ArrayList<>();
                for (int i = 0; i < readers.size(); i++) {
                    ConfabClient r = readers.get(i);
                    long token = tokens.get(i);
                    reconnects.add(sockets.get(i)
                            .closed()
                            .thenApplyAsync(closed -> over.get() ? null : reconnect(front, r, token, killedAt)));
                }
                try (ChatSocket a = alice.connect(new SocketRecorder());
                        ChatSocket b = bob.connect(new SocketRecorder())) {
                    a.hello().get(10, TimeUnit.SECONDS);
                    b.hello().get(10, TimeUnit.SECONDS);
                    Map<Long, Long> senderOf = ClusterEndToEndTest.send(room, List.of(a, b), 300, i -> {
                        if (i == 100) {
                            child.destroyForcibly(); // SIGKILL
                            killedAt[0] = System.nanoTime();
                        }
                    });
                    child.waitFor(10, TimeUnit.SECONDS);
                    int moved = 0;
                    long lost = 0, duplicated = 0, caughtUpMs = 0;
                    for (int i = 0; i < readers.size(); i++) {
                        SocketRecorder in = live.get(i);
                        List<List<Message>> sources = new ArrayList<>();
                        CompletableFuture<Reconnected> reconnect = reconnects.get(i);
                        if (await(Duration.ofSeconds(5), reconnect::isDone)) {
                            moved++;
                            Reconnected back = reconnect.get();
                            caughtUpMs = Math.max(caughtUpMs, back.caughtUpMs());
                            // what was sent after the reconnect arrives live, maybe still on its way
                            await(Duration.ofSeconds(30), () -> {
                                Set<Long> has = new HashSet<>(ClusterEndToEndTest.ids(in));
                                back.synced().forEach(m -> has.add(m.id()));
                                has.addAll(ClusterEndToEndTest.ids(back.live()));
                                return has.containsAll(senderOf.keySet());
                            });
                            sources.addAll(List.of(
                                    in.texts(), back.synced(), back.live().texts()));
                        } else {
                            await(
                                    Duration.ofSeconds(30),
                                    () -> ClusterEndToEndTest.ids(in).containsAll(senderOf.keySet()));
                            sources.add(in.texts());
                        }
                        // a client keeps a message once by its id across sources; within one, none may repeat
                        Set<Long> ids = new HashSet<>();
                        for (List<Message> source : sources) {
                            source.forEach(m -> ids.add(m.id()));
                            duplicated += ClusterEndToEndTest.duplicates(source);
                        }
                        lost += senderOf.keySet().stream()
                                .filter(id -> !ids.contains(id))
                                .count();
                    }
                    System.out.printf(
                            "nginx node kill: acknowledged=%d readers=%d moved=%d lost=%d duplicated=%d,"
                                    + " moved readers caught up %d ms after the kill%n",
                            senderOf.size(), readers.size(), moved, lost, duplicated, caughtUpMs);
                    assertThat(senderOf).hasSize(300);
                    assertThat(moved).as("readers that were on the killed node").isPositive();
                    assertThat(lost).isZero();
                    assertThat(duplicated).isZero();
                } finally {
                    over.set(true);
                    sockets.forEach(ChatSocket::close);
                    reconnects.forEach(r -> r.thenAccept(back -> {
                        if (back != null) back.socket().close();
                    }));
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private record Reconnected(ChatSocket socket, SocketRecorder live, List<Message> synced, long caughtUpMs) {}

    private static Reconnected reconnect(URI front, ConfabClient reader, long token, long[] killedAt) {
        try {
            SocketRecorder live = new SocketRecorder();
            ChatSocket back = ConfabClient.withToken(front, reader.token()).connect(live);
            back.hello().get(10, TimeUnit.SECONDS);
            List<Message> synced = ClusterEndToEndTest.syncTexts(back, token);
            return new Reconnected(back, live, synced, (System.nanoTime() - killedAt[0]) / 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException("reconnecting through nginx failed", e);
        }
    }
}
