package dev.confab.cluster;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Room;
import dev.confab.push.FakePushService;
import dev.confab.push.FakePushService.Browser;
import dev.confab.push.FakePushService.Request;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Web Push with two nodes on one PostgreSQL database and Redis. Every node runs a planner and a
 * sender on the shared outbox, and a change committed on one node may be planned by either: a
 * device with a socket on the other node must still count as live, and no change may be pushed twice.
 */
class ClusterPushTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aSocketOnTheOtherNodeKeepsPushesAwayAndEachPushIsSentOnce() throws Exception {
        try (FakePushService push = new FakePushService();
                TestCluster cluster = new TestCluster(
                        2, node -> Map.of("push.allowedEndpoints", push.origin(), "push.retryBaseMillis", "50"))) {
            ConfabClient alice = cluster.newUser(0, "Alice");
            ConfabClient bob = cluster.newUser(1, "Bob");
            ConfabClient carol = cluster.newUser(1, "Carol");
            Browser bobPhone = subscribe(push, bob, "bob");
            Browser carolPhone = subscribe(push, carol, "carol");
            Room dm = alice.directRoom(bob.user().id());
            Room aliceCarol = alice.directRoom(carol.user().id());
            Room bobCarol = bob.directRoom(carol.user().id());

            SocketRecorder aliceIn = new SocketRecorder();
            try (ChatSocket a = alice.connect(aliceIn)) {
                a.hello().get(10, TimeUnit.SECONDS);
                // Bob's subscribed session has its only socket on node 1
                ChatSocket b = bob.connect(new SocketRecorder());
                b.hello().get(10, TimeUnit.SECONDS);
                assertThat(await(
                                WAIT,
                                () -> aliceIn.presence.stream()
                                        .anyMatch(p -> p.userId() == bob.user().id() && p.online())))
                        .as("node 0 knows Bob is online on node 1")
                        .isTrue();

                alice.postMessage(dm.id(), "m1", "while you are on node 1");
                // markers planned after it by both nodes: Carol (never connected) is pushed to from either
                alice.postMessage(aliceCarol.id(), "c1", "carol from node 0");
                bob.postMessage(bobCarol.id(), "c2", "carol from node 1");
                assertThat(push.await(WAIT, rs -> push.to("/push/carol").size() >= 2))
                        .isTrue();
                Thread.sleep(500);
                assertThat(push.to("/push/bob"))
                        .as("Bob had a live device (a socket on node 1): no push for a message sent on node 0")
                        .isEmpty();

                b.close();
                assertThat(await(
                                WAIT,
                                () -> aliceIn.presence.stream()
                                        .anyMatch(p -> p.userId() == bob.user().id() && !p.online())))
                        .isTrue();
                long seq2 = alice.postMessage(dm.id(), "m2", "now you are gone")
                        .message()
                        .seq();
                assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() >= 1))
                        .as("without a socket anywhere Bob's phone is pushed to")
                        .isTrue();
                // node 1's planner wakes and plans from where it was: it must not push m2 again
                bob.postMessage(bobCarol.id(), "c3", "carol again from node 1");
                assertThat(push.await(WAIT, rs -> push.to("/push/carol").size() >= 3))
                        .isTrue();
                Thread.sleep(500);
                assertThat(texts(carolPhone, push.to("/push/carol")))
                        .as("each change pushed once, whichever node planned and sent it")
                        .containsExactlyInAnyOrder("carol from node 0", "carol from node 1", "carol again from node 1");
                List<Request> toBob = push.to("/push/bob");
                assertThat(toBob).hasSize(1);
                JsonNode p = bobPhone.open(toBob.getFirst());
                assertThat(p.get("type").asText()).isEqualTo("message");
                assertThat(p.get("roomId").asLong()).isEqualTo(dm.id());
                assertThat(p.get("seq").asLong()).isEqualTo(seq2);
                assertThat(p.get("preview").asText()).isEqualTo("now you are gone");

                // Bob reads on his laptop through node 1: the phone's notification is cleared
                ConfabClient laptop = ConfabClient.login(
                        cluster.base(1),
                        bob.user().username(),
                        "password-" + bob.user().username(),
                        "laptop");
                laptop.markRead(dm.id(), seq2);
                assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() >= 2))
                        .isTrue();
                JsonNode clear = bobPhone.open(push.to("/push/bob").get(1));
                assertThat(clear.get("type").asText()).isEqualTo("clear");
                assertThat(clear.get("roomId").asLong()).isEqualTo(dm.id());
                assertThat(clear.get("seq").asLong()).isEqualTo(seq2);
                Thread.sleep(500);
                assertThat(push.to("/push/bob")).as("one clear").hasSize(2);
            }
        }
    }

    private static Browser subscribe(FakePushService push, ConfabClient who, String name) throws Exception {
        Browser b = new Browser();
        var r = who.raw("POST", "/api/v1/push/subscriptions", b.subscription(push.origin() + "/push/" + name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return b;
    }

    private static List<String> texts(Browser b, List<Request> pushes) throws Exception {
        List<String> out = new ArrayList<>();
        for (Request r : pushes) out.add(b.open(r).get("preview").asText());
        return out;
    }
}
