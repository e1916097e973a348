package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.RoomDetails;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.wire.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A former member (left, removed or banned) sees exactly their window, as docs/permissions.md
 * says: the room as it was when their membership ended and its history up to that end; they
 * change nothing, their own cursors included, and see nothing of the room's present.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class FormerMembersEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The three ways a membership ends, each done to (or by) bob in alice's room. */
    private static final Map<String, BiConsumer<FormerMembersEndToEndTest, Long>> ENDINGS = Map.of(
            "left", (t, room) -> t.bob.leave(room),
            "removed", (t, room) -> t.alice.removeMember(room, t.bob.user().id()),
            "banned", (t, room) -> t.alice.ban(room, t.bob.user().id()));

    ConfabClient alice, bob, carol;

    @BeforeEach
    void people() {
        alice = server.newUser("Alice");
        bob = server.newUser("Bob");
        carol = server.newUser("Carol");
    }

    @Test
    void theRoomLooksToThemAsItWasWhenTheirMembershipEnded() {
        for (var ending : ENDINGS.entrySet()) {
            Room room =
                    alice.createGroup("before", "old words", List.of(bob.user().id()));
            alice.updateRoom(room.id(), "while " + ending.getKey(), "their words", null, null);
            long pinned = alice.postMessage(room.id(), "p-" + ending.getKey(), "pinned")
                    .message()
                    .seq();
            alice.pin(room.id(), pinned);
            ending.getValue().accept(this, room.id());
            RoomDetails atTheEnd = alice.room(room.id());
            long end = atTheEnd.room().lastSeq();

            alice.updateRoom(room.id(), "after " + ending.getKey(), "new words", "public", "joined");
            alice.addMembers(room.id(), List.of(carol.user().id()));
            alice.postMessage(room.id(), "a-" + ending.getKey(), "said later");

            RoomDetails seen = bob.room(room.id());
            assertThat(seen.room().name()).as(ending.getKey()).isEqualTo("while " + ending.getKey());
            assertThat(seen.room().description()).as(ending.getKey()).isEqualTo("their words");
            assertThat(seen.room().visibility()).as(ending.getKey()).isEqualTo("private");
            assertThat(seen.room().history()).as(ending.getKey()).isEqualTo("all");
            assertThat(seen.room().memberCount())
                    .as(ending.getKey())
                    .isEqualTo(atTheEnd.room().memberCount())
                    .isEqualTo(1);
            assertThat(seen.room().lastSeq()).as(ending.getKey()).isEqualTo(end);
            assertThat(seen.pinned()).as(ending.getKey()).isEmpty();
            assertThat(seen.members()).as(ending.getKey()).singleElement().satisfies(m -> {
                assertThat(m.userId()).isEqualTo(bob.user().id());
                assertThat(m.leftSeq()).isEqualTo(end);
            });
            assertThat(bob.history(room.id(), null, null, 100).messages())
                    .as(ending.getKey())
                    .extracting(Message::seq)
                    .last()
                    .isEqualTo(end);
            assertThat(alice.room(room.id()).room().name()).isEqualTo("after " + ending.getKey());
        }
    }

    @Test
    void theyCannotMoveTheirCursorsOverRestOrTheSocket() throws Exception {
        for (var ending : ENDINGS.entrySet()) {
            Room room = alice.createGroup(
                    "cursors " + ending.getKey(), null, List.of(bob.user().id()));
            Message unread = alice.postMessage(room.id(), "a-" + ending.getKey(), "read me later")
                    .message();
            long seq = unread.seq();
            ending.getValue().accept(this, room.id());
            SocketRecorder aliceIn = new SocketRecorder();
            try (ChatSocket a = alice.connect(aliceIn);
                    ChatSocket b = bob.connect(new SocketRecorder())) {
                a.hello().get(5, TimeUnit.SECONDS);
                b.hello().get(5, TimeUnit.SECONDS);
                roomNotFound(() -> bob.markRead(room.id(), seq));
                roomNotFound(() -> bob.markReceived(room.id(), seq));
                roomNotFound(() -> bob.markReadIds(room.id(), List.of(unread.id())));
                roomNotFound(() -> join(b.read(room.id(), seq)));
                // `received` is answered only when refused, and only when it has a ref
                roomNotFound(() -> join(b.request(Json.MAPPER
                        .createObjectNode()
                        .put("type", "received")
                        .put("roomId", room.id())
                        .put("seq", seq))));
                alice.postMessage(room.id(), "sentinel-" + ending.getKey(), "after bob's tries");
                assertThat(await(WAIT, () -> aliceIn.texts().size() == 1)).isTrue();
                assertThat(aliceIn.receipts)
                        .as(ending.getKey())
                        .noneMatch(r -> r.userId() == bob.user().id());
            }
        }
    }

    @Test
    void theyDoNotSeeThePresentOfTheRoom() throws Exception {
        Room room = alice.createGroup(
                "present", null, List.of(bob.user().id(), carol.user().id()));
        long seq =
                alice.postMessage(room.id(), "a-1", "in bob's window").message().seq();
        alice.removeMember(room.id(), bob.user().id());
        roomNotFound(() -> bob.receipts(room.id(), seq));
        roomNotFound(() -> bob.postMessage(room.id(), "b-1", "hello?"));
        try (ChatSocket b = bob.connect(new SocketRecorder())) {
            b.hello().get(5, TimeUnit.SECONDS);
            roomNotFound(() -> join(b.typing(room.id(), true)));
        }
        assertThat(bob.chatList(10).rooms()).isEmpty();
        assertThat(bob.unread().total()).isZero();
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfabException c) throw c;
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void roomNotFound(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("room_not_found"));
    }
}
