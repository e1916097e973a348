package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.PresenceChange;
import dev.confab.client.Room;
import dev.confab.client.Typing;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Presence and typing pushed live over real sockets, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PresenceTypingEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** How long to wait for a frame that must not come, once a frame sent at the same time has arrived elsewhere. */
    private static final long QUIET_MS = 400;

    @Test
    void presenceGoesLiveToContactsOnFirstConnectAndLastDisconnectOnly() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient eve = server.newUser("Eve");
        bob.directRoom(alice.user().id());
        eve.createGroup("bob and eve", null, List.of(bob.user().id())); // Eve knows Bob, not Alice
        long a = alice.user().id();

        SocketRecorder bobIn = new SocketRecorder(), eveIn = new SocketRecorder();
        try (ChatSocket eveSocket = eve.connect(eveIn)) {
            eveSocket.hello().get(5, TimeUnit.SECONDS);
            ChatSocket bobSocket = bob.connect(bobIn);
            assertThat(await(WAIT, () -> eveIn.presence.size() == 1))
                    .as("Eve sees Bob, her contact, come online")
                    .isTrue();
            assertThat(eveIn.presence.getFirst().userId()).isEqualTo(bob.user().id());
            eveIn.presence.clear();
            bobIn.presence.clear();

            ChatSocket phone = alice.connect(new SocketRecorder());
            assertThat(await(WAIT, () -> about(bobIn, a).size() == 1)).isTrue();
            PresenceChange online = about(bobIn, a).getFirst();
            assertThat(online.userId()).isEqualTo(a);
            assertThat(online.online()).isTrue();
            assertThat(bob.profile(a).online()).isTrue();

            ChatSocket laptop = server.login(alice, "laptop").connect(new SocketRecorder());
            laptop.hello().get(5, TimeUnit.SECONDS);
            phone.close();
            Thread.sleep(QUIET_MS);
            assertThat(about(bobIn, a))
                    .as("a second device and the first one leaving change nothing")
                    .hasSize(1);
            assertThat(bob.profile(a).online()).isTrue();

            laptop.close();
            assertThat(await(WAIT, () -> about(bobIn, a).size() == 2)).isTrue();
            PresenceChange offline = about(bobIn, a).get(1);
            assertThat(offline.online()).isFalse();
            assertThat(offline.lastSeenAt()).isNotNull();
            assertThat(bob.profile(a).online()).isFalse();
            assertThat(bob.profile(a).lastSeenAt()).isEqualTo(offline.lastSeenAt());
            assertThat(about(eveIn, a)).as("Eve shares no room with Alice").isEmpty();

            // last seen hidden: no push, and REST hides online too
            alice.updatePrivacy(null, null, "nobody");
            java.time.Instant[] seenBefore = new java.time.Instant[1];
            try (ChatSocket again = alice.connect(new SocketRecorder())) {
                again.hello().get(5, TimeUnit.SECONDS);
                assertThat(await(WAIT, () -> bob.profile(a).lastSeenAt() == null))
                        .isTrue();
                Thread.sleep(QUIET_MS);
                assertThat(about(bobIn, a)).hasSize(2);
                assertThat(bob.profile(a).online()).isNull();
                seenBefore[0] = alice.me().lastSeenAt();
            }
            // the disconnect is announced asynchronously, with the settings of that moment: let it pass first
            assertThat(await(WAIT, () -> alice.me().lastSeenAt().isAfter(seenBefore[0])))
                    .isTrue();

            // contacts, but Bob is blocked: still nothing for Bob
            alice.updatePrivacy(null, null, "contacts");
            alice.block(bob.user().id());
            alice.createGroup("alice and eve", null, List.of(eve.user().id()));
            try (ChatSocket again = alice.connect(new SocketRecorder())) {
                again.hello().get(5, TimeUnit.SECONDS);
                assertThat(await(WAIT, () -> about(eveIn, a).size() == 1))
                        .as("Eve is a contact now")
                        .isTrue();
                assertThat(about(eveIn, a).getFirst().userId()).isEqualTo(a);
                Thread.sleep(QUIET_MS);
                assertThat(about(bobIn, a)).hasSize(2);
                assertThat(bob.profile(a).online()).isNull();
            }
            bobSocket.close();
        }
    }

    @Test
    void typingReachesTheOtherMembersOnlyIsRateLimitedAndNeverStored() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient aliceLaptop = server.login(alice, "laptop");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient eve = server.newUser("Eve");
        Room room = alice.directRoom(bob.user().id());
        long seqBefore = alice.room(room.id()).room().lastSeq();

        SocketRecorder phoneIn = new SocketRecorder(), laptopIn = new SocketRecorder(), bobIn = new SocketRecorder();
        try (ChatSocket phone = alice.connect(phoneIn);
                ChatSocket laptop = aliceLaptop.connect(laptopIn);
                ChatSocket bobSocket = bob.connect(bobIn);
                ChatSocket eveSocket = eve.connect(new SocketRecorder())) {
            for (ChatSocket s : List.of(phone, laptop, bobSocket, eveSocket))
                s.hello().get(5, TimeUnit.SECONDS);

            phone.typing(room.id(), true).get(5, TimeUnit.SECONDS);
            assertThat(await(WAIT, () -> bobIn.typing.size() == 1)).isTrue();
            Typing started = bobIn.typing.getFirst();
            assertThat(started).isEqualTo(new Typing(room.id(), alice.user().id(), true, 6000L));

            phone.typing(room.id(), true).get(5, TimeUnit.SECONDS); // answered ok, but within 2 s: dropped
            laptop.typing(room.id(), true).get(5, TimeUnit.SECONDS); // same user, other device: dropped too
            Thread.sleep(QUIET_MS);
            assertThat(bobIn.typing).hasSize(1);

            phone.typing(room.id(), false).get(5, TimeUnit.SECONDS);
            assertThat(await(WAIT, () -> bobIn.typing.size() == 2)).isTrue();
            Typing stopped = bobIn.typing.get(1);
            assertThat(stopped.active()).isFalse();
            assertThat(stopped.expiresInMs()).isNull();

            bobSocket.typing(room.id(), true).get(5, TimeUnit.SECONDS);
            assertThat(await(WAIT, () -> phoneIn.typing.size() == 1 && laptopIn.typing.size() == 1))
                    .isTrue();
            assertThat(phoneIn.typing.getFirst().userId()).isEqualTo(bob.user().id());
            assertThat(laptopIn.typing)
                    .as("Alice's own typing never reached her other device")
                    .hasSize(1);
            assertThat(bobIn.typing).as("nor the typer's own device").hasSize(2);

            assertThatThrownBy(() -> eveSocket.typing(room.id(), true).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo("room_not_found"));
            assertThatThrownBy(() -> eveSocket.typing(987_654, true).get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo("room_not_found"));

            // a channel's reader may not post, so does not show as typing to the other readers
            Room channel = alice.createRoom(
                    "news",
                    "channel",
                    "private",
                    "all",
                    List.of(bob.user().id(), eve.user().id()));
            assertThatThrownBy(() -> eveSocket.typing(channel.id(), true).get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
            Thread.sleep(QUIET_MS);
            assertThat(bobIn.typing).hasSize(2);
        }
        assertThat(alice.room(room.id()).room().lastSeq())
                .as("typing is never stored")
                .isEqualTo(seqBefore);
        assertThat(alice.sync(0, 500).events())
                .allSatisfy(e -> assertThat(e.type()).isIn("message", "receipt"));
    }

    /** What a listener heard about one user: announcements about others may arrive late, and are not what is tested. */
    private static List<PresenceChange> about(SocketRecorder in, long userId) {
        return in.presence.stream().filter(p -> p.userId() == userId).toList();
    }
}
