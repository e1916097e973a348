package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Device;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** People chatting through a real server over real sockets, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ChatEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void twoUsersChatLiveWithoutEchoToTheSendingDevice() throws Exception {
        ConfabClient alicePhone = server.newUser("Alice");
        ConfabClient aliceLaptop = server.login(alicePhone, "laptop");
        ConfabClient bob = server.newUser("Bob");
        Room room = alicePhone.directRoom(bob.user().id());

        SocketRecorder phoneIn = new SocketRecorder(), laptopIn = new SocketRecorder(), bobIn = new SocketRecorder();
        try (ChatSocket phone = alicePhone.connect(phoneIn);
                ChatSocket laptop = aliceLaptop.connect(laptopIn);
                ChatSocket bobSocket = bob.connect(bobIn)) {
            phone.hello().get(5, TimeUnit.SECONDS);
            laptop.hello().get(5, TimeUnit.SECONDS);
            bobSocket.hello().get(5, TimeUnit.SECONDS);

            SendResult sent = phone.send(room.id(), "c-1", "hi Bob").get(5, TimeUnit.SECONDS);
            assertThat(sent.duplicate()).isFalse();
            assertThat(sent.message().seq()).isEqualTo(2); // seq 1 is the room.created system message
            assertThat(sent.message().senderId()).isEqualTo(alicePhone.user().id());
            assertThat(sent.message().createdAt()).isNotNull();

            SendResult reply = bobSocket.send(room.id(), "b-1", "hi Alice").get(5, TimeUnit.SECONDS);

            assertThat(await(
                            WAIT,
                            () -> bobIn.texts().size() == 1
                                    && laptopIn.texts().size() == 2
                                    && phoneIn.texts().size() == 1))
                    .isTrue();
            assertThat(bobIn.texts())
                    .extracting(Message::id)
                    .containsExactly(sent.message().id());
            assertThat(laptopIn.texts()).extracting(Message::text).containsExactly("hi Bob", "hi Alice");
            assertThat(phoneIn.texts())
                    .extracting(Message::id)
                    .containsExactly(reply.message().id());
            Thread.sleep(200); // any echo would have arrived by now
            assertThat(phoneIn.texts()).hasSize(1);
            assertThat(bobIn.texts()).hasSize(1);
        }
    }

    @Test
    void groupOfFiveWithAnOfflineMemberWhoCatchesUpInOrderWithoutGapsOrDuplicates() throws Exception {
        List<ConfabClient> people = new ArrayList<>();
        for (int i = 0; i < 5; i++) people.add(server.newUser("Member"));
        ConfabClient owner = people.getFirst();
        ConfabClient offline = people.getLast();
        Room group = owner.createGroup(
                "five",
                "a group of five",
                people.subList(1, 5).stream().map(c -> c.user().id()).toList());
        Room direct = people.get(1).directRoom(offline.user().id());

        Device away = new Device(offline);
        away.connect();
        away.disconnect();

        List<ChatSocket> sockets = new ArrayList<>();
        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        try {
            for (ConfabClient p : people.subList(0, 4)) sockets.add(p.connect(new SocketRecorder()));
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < sockets.size(); i++) {
                    sends.add(sockets.get(i)
                            .send(group.id(), "g-" + round + "-" + i, "group message " + round + "/" + i));
                }
                sends.add(sockets.get(1).send(direct.id(), "d-" + round, "direct " + round));
            }
            for (var f : sends) f.get(10, TimeUnit.SECONDS);
            // an offline member's sync must carry other members' receipts too
            people.get(3).markRead(group.id(), 160);
        } finally {
            sockets.forEach(ChatSocket::close);
        }

        // back online with a small batch size: many sync round trips, each bounded
        away.connect();
        assertThat(away.awaitMessages(group.id(), 161, WAIT)).isTrue(); // room.created + 160
        assertThat(away.awaitMessages(direct.id(), 41, WAIT)).isTrue();
        for (Room r : List.of(group, direct)) {
            List<Message> got = away.messages(r.id());
            assertThat(got)
                    .extracting(Message::seq)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, got.size())
                            .mapToObj(Long::valueOf)
                            .toList());
            assertThat(got).extracting(Message::id).doesNotHaveDuplicates().isSorted();
        }
        long readerId = people.get(3).user().id();
        long serverRead = owner.room(group.id()).members().stream()
                .filter(m -> m.userId() == readerId)
                .findFirst()
                .orElseThrow()
                .read();
        assertThat(serverRead).isGreaterThanOrEqualTo(160);
        assertThat(away.receipt(group.id(), readerId).read()).isEqualTo(serverRead);
        away.close();
    }

    @Test
    void aResendWithTheSameClientIdReturnsTheOriginalAndCreatesNothing() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        SocketRecorder bobIn = new SocketRecorder();
        try (ChatSocket a = alice.connect(new SocketRecorder());
                ChatSocket b = bob.connect(bobIn)) {
            b.hello().get(5, TimeUnit.SECONDS);
            SendResult first = a.send(room.id(), "same-id", "once").get(5, TimeUnit.SECONDS);
            SendResult again = a.send(room.id(), "same-id", "once").get(5, TimeUnit.SECONDS);
            SendResult overRest = alice.postMessage(room.id(), "same-id", "once");
            assertThat(again.duplicate()).isTrue();
            assertThat(overRest.duplicate()).isTrue();
            assertThat(again.message()).isEqualTo(first.message());
            assertThat(overRest.message()).isEqualTo(first.message());
            assertThatThrownBy(() -> alice.postMessage(room.id(), "same-id", "different text"))
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo("client_id_conflict"));
            Thread.sleep(200);
            assertThat(bobIn.texts()).hasSize(1);
        }
        assertThat(alice.history(room.id(), null, null, 100).messages())
                .filteredOn(m -> "text".equals(m.kind()))
                .hasSize(1);
    }

    @Test
    void concurrentDirectRoomRequestsForOnePairEndWithOneRoom() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        int threads = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Room>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            boolean fromAlice = i % 2 == 0;
            results.add(pool.submit(() -> {
                go.await();
                return fromAlice
                        ? alice.directRoom(bob.user().id())
                        : bob.directRoom(alice.user().id());
            }));
        }
        go.countDown();
        Set<Long> ids = new HashSet<>();
        for (Future<Room> r : results) ids.add(r.get(20, TimeUnit.SECONDS).id());
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(alice.chatList(50).rooms()).hasSize(1);
        assertThat(alice.room(ids.iterator().next()).members()).hasSize(2);
    }

    @Test
    void everyAcknowledgedMessageSurvivesARestart() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        List<Message> acked = new ArrayList<>();
        try (ChatSocket a = alice.connect(new SocketRecorder());
                ChatSocket b = bob.connect(new SocketRecorder())) {
            List<CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sends.add((i % 2 == 0 ? a : b).send(room.id(), "m-" + i, "message " + i));
            }
            for (var f : sends) acked.add(f.get(10, TimeUnit.SECONDS).message());
        }
        server.restart();
        List<Message> stored = new ArrayList<>();
        for (Long after = 0L; ; ) {
            var page = alice.history(room.id(), null, after, 100);
            stored.addAll(page.messages());
            if (!page.more()) break;
            after = page.messages().getLast().seq();
        }
        assertThat(stored).filteredOn(m -> "text".equals(m.kind())).containsExactlyInAnyOrderElementsOf(acked);
        assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(LongRangeHelper.oneTo(101));
    }

    /** Seqs 1..n, for gaplessness checks. */
    static final class LongRangeHelper {
        static List<Long> oneTo(long n) {
            List<Long> out = new ArrayList<>();
            for (long i = 1; i <= n; i++) out.add(i);
            return out;
        }
    }
}
