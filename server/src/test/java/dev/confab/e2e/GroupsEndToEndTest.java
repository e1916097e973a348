package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Device;
import dev.confab.client.Invite;
import dev.confab.client.Message;
import dev.confab.client.RawResponse;
import dev.confab.client.Room;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Groups run by people: invite links, leaving, removal, bans, history visibility, the directory, live room events. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class GroupsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Parameter
    StoreKind kind;

    TestServer server;
    ConfabClient alice, bob;

    @BeforeEach
    void start() {
        server = TestServer.start(kind);
        alice = server.newUser("Alice");
        bob = server.newUser("Bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFiveUseLinkHitByTwentyConcurrentJoinsAdmitsExactlyFive() throws Exception {
        Room room = alice.createGroup("limited", null, List.of());
        Invite invite = alice.createInvite(room.id(), 3600L, 5);
        List<ConfabClient> people =
                IntStream.range(0, 20).mapToObj(i -> server.newUser("Joiner")).toList();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (ConfabClient p : people) {
                outcomes.add(pool.submit((Callable<String>) () -> {
                    go.await();
                    try {
                        p.joinByInvite(invite.code());
                        return "joined";
                    } catch (ConfabException e) {
                        return e.code();
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) results.add(f.get(30, TimeUnit.SECONDS));
            assertThat(results).filteredOn("joined"::equals).hasSize(5);
            assertThat(results).filteredOn(r -> !r.equals("joined")).containsOnly("invite_expired");
        }
        assertThat(alice.room(room.id()).members()).hasSize(6);
        assertThat(alice.room(room.id()).room().memberCount()).isEqualTo(6);
        assertThat(alice.invites(room.id()))
                .singleElement()
                .satisfies(i -> assertThat(i.uses()).isEqualTo(5));
    }

    @Test
    void linksExpireCanBeRevokedAndKeepBannedPeopleOut() throws Exception {
        Room room = alice.createGroup("club", null, List.of());
        Invite shortLived = alice.createInvite(room.id(), 1L, null);
        Invite open = alice.createInvite(room.id(), null, null);
        assertThat(alice.invites(room.id())).extracting(Invite::code).containsExactly(shortLived.code(), open.code());
        Thread.sleep(1100);
        assertCode("invite_expired", () -> bob.joinByInvite(shortLived.code()));
        assertCode("invite_not_found", () -> bob.joinByInvite("no-such-code"));

        bob.joinByInvite(open.code());
        alice.ban(room.id(), bob.user().id());
        assertCode("room_not_found", () -> bob.postMessage(room.id(), "b-1", "am I still here?"));
        assertCode("banned", () -> bob.joinByInvite(open.code()));
        assertCode(
                "banned", () -> alice.addMembers(room.id(), List.of(bob.user().id())));
        assertThat(alice.bans(room.id())).containsExactly(bob.user().id());
        alice.unban(room.id(), bob.user().id());
        bob.joinByInvite(open.code());
        bob.postMessage(room.id(), "b-2", "back");

        alice.revokeInvite(room.id(), open.code());
        ConfabClient carol = server.newUser("Carol");
        assertCode("invite_not_found", () -> carol.joinByInvite(open.code()));
        assertThat(alice.invites(room.id())).extracting(Invite::code).containsExactly(shortLived.code());
        assertCode("invalid_field", () -> alice.createInvite(room.id(), 0L, null));
        assertCode("invalid_field", () -> alice.createInvite(room.id(), null, 0));
    }

    @Test
    void aMemberRemovedWhileOfflineGetsEverythingUpToTheRemovalAndNothingAfter() throws Exception {
        Room room = alice.createGroup("team", null, List.of(bob.user().id()));
        alice.postMessage(room.id(), "a-0", "while bob is online");
        try (Device bobPhone = new Device(bob)) {
            bobPhone.connect();
            assertThat(bobPhone.awaitMessages(room.id(), 2, WAIT)).isTrue();
            bobPhone.disconnect();

            alice.postMessage(room.id(), "a-1", "before removal 1");
            alice.postMessage(room.id(), "a-2", "before removal 2");
            alice.removeMember(room.id(), bob.user().id());
            alice.postMessage(room.id(), "a-3", "after removal");

            bobPhone.connect();
            assertThat(bobPhone.awaitMessages(room.id(), 5, WAIT)).isTrue();
            Thread.sleep(200);
            assertThat(bobPhone.messages(room.id()))
                    .extracting(m -> m.text() != null ? m.text() : m.kind())
                    .containsExactly(
                            "room.created",
                            "while bob is online",
                            "before removal 1",
                            "before removal 2",
                            "member.removed");
        }
        assertThat(bob.history(room.id(), null, null, 100).messages())
                .extracting(Message::clientId)
                .containsExactly(null, "a-0", "a-1", "a-2", null);
        assertCode("room_not_found", () -> bob.postMessage(room.id(), "b-1", "let me back"));
        assertThat(bob.chatList(10).rooms()).isEmpty();
    }

    @Test
    void anOnlineMemberHearsOfTheirOwnRemovalLiveAndNothingAfter() throws Exception {
        Room room = alice.createGroup("team", null, List.of(bob.user().id()));
        SocketRecorder bobIn = new SocketRecorder();
        try (ChatSocket b = bob.connect(bobIn)) {
            b.hello().get(5, TimeUnit.SECONDS);
            alice.removeMember(room.id(), bob.user().id());
            alice.postMessage(room.id(), "a-1", "secret after removal");
            assertThat(await(
                            WAIT,
                            () -> bobIn.messages.stream().anyMatch(m -> m.kind().equals("member.removed"))))
                    .isTrue();
            Thread.sleep(200);
            assertThat(bobIn.messages).extracting(Message::kind).containsExactly("member.removed");
        }
    }

    @Test
    void historyVisibilityDecidesWhatNewcomersSeeOnEveryPath() throws Exception {
        Room open = alice.createRoom("open book", "group", "private", "all", List.of());
        Room fresh = alice.createRoom("fresh start", "group", "private", "joined", List.of());
        for (Room r : List.of(open, fresh)) alice.postMessage(r.id(), "old-" + r.id(), "before you came");
        long token = bob.sync(0, 500).next();
        for (Room r : List.of(open, fresh))
            bob.joinByInvite(alice.createInvite(r.id(), null, null).code());
        for (Room r : List.of(open, fresh)) alice.postMessage(r.id(), "new-" + r.id(), "after you came");

        assertThat(texts(bob.history(open.id(), null, null, 100).messages()))
                .containsExactly("before you came", "after you came");
        assertThat(texts(bob.history(fresh.id(), null, null, 100).messages())).containsExactly("after you came");
        assertThat(bob.history(fresh.id(), null, null, 100)
                        .messages()
                        .getFirst()
                        .kind())
                .isEqualTo("member.joined");

        List<Message> synced = new ArrayList<>();
        for (var batch = bob.sync(0, 500); ; batch = bob.sync(batch.next(), 500)) {
            batch.events().stream().filter(e -> e.message() != null).forEach(e -> synced.add(e.message()));
            if (!batch.more()) break;
        }
        assertThat(texts(synced.stream().filter(m -> m.roomId() == open.id()).toList()))
                .containsExactly("before you came", "after you came");
        assertThat(texts(synced.stream().filter(m -> m.roomId() == fresh.id()).toList()))
                .containsExactly("after you came");
        assertThat(bob.sync(token, 500).events())
                .noneMatch(e -> e.message() != null
                        && "before you came".equals(e.message().text())
                        && e.message().roomId() == fresh.id());
        assertCode("message_not_found", () -> bob.receipts(fresh.id(), 2));
    }

    @Test
    void publicRoomsAreListedSearchableAndOpenWhilePrivateOnesStayInvisible() {
        Room hikers = alice.createRoom("Weekend Hikers", "group", "public", "all", List.of());
        Room secret = alice.createRoom("Hiking secrets", "group", "private", "all", List.of());
        alice.createRoom("Chess", "channel", "public", "all", List.of());

        assertThat(bob.directory("hik", 20)).extracting(Room::id).containsExactly(hikers.id());
        assertThat(bob.directory(null, 20)).extracting(Room::name).containsExactlyInAnyOrder("Weekend Hikers", "Chess");
        assertThat(bob.directory("%", 20)).isEmpty();
        assertCode("room_not_found", () -> bob.join(secret.id()));
        assertCode("room_not_found", () -> bob.room(secret.id()));

        assertThat(bob.join(hikers.id()).memberCount()).isEqualTo(2);
        bob.postMessage(hikers.id(), "b-1", "hello hikers");
        bob.leave(hikers.id());
        assertThat(alice.room(hikers.id()).room().memberCount()).isEqualTo(1);
        alice.ban(hikers.id(), bob.user().id());
        assertCode("banned", () -> bob.join(hikers.id()));

        alice.updateRoom(secret.id(), null, null, "public", null);
        assertThat(bob.directory("secrets", 20)).extracting(Room::id).containsExactly(secret.id());
    }

    @Test
    void roomChangesReachOnlineMembersLiveAndOfflineDevicesInTheirSync() throws Exception {
        ConfabClient carol = server.newUser("Carol");
        Room room = alice.createGroup("events", null, List.of(bob.user().id()));
        SocketRecorder aliceIn = new SocketRecorder();
        try (Device bobPhone = new Device(bob);
                ChatSocket a = alice.connect(aliceIn)) {
            a.hello().get(5, TimeUnit.SECONDS);
            bobPhone.connect();
            bobPhone.disconnect();

            alice.updateRoom(room.id(), "renamed", "new words", null, null);
            alice.setRole(room.id(), bob.user().id(), "moderator");
            alice.addMembers(room.id(), List.of(carol.user().id()));
            carol.leave(room.id());
            long seq = alice.postMessage(room.id(), "a-1", "pin and delete me")
                    .message()
                    .seq();
            alice.pin(room.id(), seq);
            alice.deleteMessage(room.id(), seq);

            List<String> expected = List.of(
                    "room.updated",
                    "member.role",
                    "members.added",
                    "member.left",
                    "text",
                    "message.pinned",
                    "message.deleted");
            bobPhone.connect();
            assertThat(bobPhone.awaitMessages(room.id(), 1 + expected.size(), WAIT))
                    .isTrue();
            assertThat(bobPhone.messages(room.id()).stream()
                            .skip(1)
                            .map(Message::kind)
                            .toList())
                    .containsExactlyElementsOf(expected.stream()
                            .map(k -> k.equals("text") ? "deleted" : k)
                            .toList());
            // Alice's own REST calls are not echoes of a socket: her open device hears every change live.
            assertThat(await(WAIT, () -> aliceIn.messages.size() == expected.size()))
                    .isTrue();
            assertThat(aliceIn.messages).extracting(Message::kind).containsExactlyElementsOf(expected);
            Message renamed = aliceIn.messages.getFirst();
            assertThat(renamed.data().get("name").asText()).isEqualTo("renamed");
            assertThat(aliceIn.messages.get(1).data().get("role").asText()).isEqualTo("moderator");
        }
        assertThat(bob.history(room.id(), null, null, 100).messages())
                .filteredOn(m -> m.kind().equals("deleted"))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isNull());
        assertThat(bob.room(room.id()).pinned()).hasSize(1);
    }

    @Test
    void aChannelWithManyReadersReachesEveryOnlineReaderAndTheOfflineOnesInSync() throws Exception {
        List<ConfabClient> readers =
                IntStream.range(0, 120).mapToObj(i -> server.newUser("Reader")).toList();
        Room channel = alice.createRoom("broadcast", "channel", "public", "all", List.of());
        List<Long> ids = readers.stream().map(r -> r.user().id()).toList();
        alice.addMembers(channel.id(), ids.subList(0, 100));
        alice.addMembers(channel.id(), ids.subList(100, ids.size()));
        // far more readers than users online: delivery walks the online users, not the readers
        List<SocketRecorder> inboxes = new ArrayList<>();
        List<ChatSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 120; i += 30) {
                SocketRecorder in = new SocketRecorder();
                ChatSocket s = readers.get(i).connect(in);
                s.hello().get(5, TimeUnit.SECONDS);
                inboxes.add(in);
                sockets.add(s);
            }
            SocketRecorder outsiderIn = new SocketRecorder();
            ChatSocket outsider = bob.connect(outsiderIn);
            sockets.add(outsider);
            outsider.hello().get(5, TimeUnit.SECONDS);
            alice.postMessage(channel.id(), "news-1", "to everyone");
            for (SocketRecorder in : inboxes)
                assertThat(await(WAIT, () -> texts(in.messages).contains("to everyone")))
                        .isTrue();
            Thread.sleep(100);
            assertThat(outsiderIn.messages).isEmpty();
        } finally {
            for (ChatSocket s : sockets) s.close();
        }
        ConfabClient offline = readers.get(7);
        assertThat(offline.sync(0, 500).events())
                .anyMatch(e ->
                        e.message() != null && "to everyone".equals(e.message().text()));
        assertThat(offline.room(channel.id()).members())
                .extracting(m -> m.userId())
                .containsExactlyInAnyOrder(alice.user().id(), offline.user().id());
    }

    @Test
    void rateLimitsAnswerWithACodeAndWhenToRetry() throws Exception {
        server.close();
        server = TestServer.start(
                kind,
                java.util.Map.of(
                        "rate.send",
                        "3/1m",
                        "rate.roomCreate",
                        "2/1m",
                        "rate.inviteCreate",
                        "1/1m",
                        "rate.join",
                        "1/1m"));
        alice = server.newUser("Alice");
        bob = server.newUser("Bob");
        Room room = alice.createGroup("one", null, List.of(bob.user().id()));
        alice.createGroup("two", null, List.of());
        RawResponse third = alice.raw("POST", "/api/v1/rooms", "{\"name\":\"three\"}");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isNotNull();
        assertThat(third.body()).contains("\"code\":\"rate_limited\"").contains("retryAfterMs");

        for (int i = 0; i < 3; i++) alice.postMessage(room.id(), "m-" + i, "message " + i);
        try (ChatSocket s = alice.connect(new SocketRecorder())) {
            s.hello().get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> s.send(room.id(), "m-3", "one too many").get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(ConfabException.class, e -> {
                        assertThat(e.code()).isEqualTo("rate_limited");
                        assertThat(e.retryAfterMs()).isBetween(1L, 60_000L);
                    });
            s.ping().get(5, TimeUnit.SECONDS);
        }
        bob.postMessage(room.id(), "b-1", "others are not limited by alice");

        Invite invite = alice.createInvite(room.id(), null, null);
        assertCode("rate_limited", () -> alice.createInvite(room.id(), null, null));
        ConfabClient carol = server.newUser("Carol");
        carol.joinByInvite(invite.code());
        assertCode("rate_limited", () -> carol.joinByInvite(invite.code()));
        assertThat(alice.history(room.id(), null, null, 100).messages())
                .filteredOn(m -> "text".equals(m.kind()))
                .hasSize(4);
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream()
                .filter(m -> "text".equals(m.kind()))
                .map(Message::text)
                .toList();
    }

    private static void assertCode(String code, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
