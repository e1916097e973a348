package dev.confab.e2e;

import static dev.confab.e2e.ProfilesEndToEndTest.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.BlockedUser;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Room;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Blocking through a real server, on each store: no new direct room, no posting in the existing one, from either side. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class BlocksEndToEndTest extends ServerPerStore {
    @Test
    void aBlockStopsPostingInTheDirectRoomBothWaysOnSocketAndRestAndStoresNothing() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room direct = alice.directRoom(bob.user().id());
        Room group = alice.createGroup("both of us", null, List.of(bob.user().id()));
        alice.postMessage(direct.id(), "a-1", "hi Bob");

        bob.block(alice.user().id());
        assertThat(bob.blocks())
                .extracting(BlockedUser::userId)
                .containsExactly(alice.user().id());
        assertThat(bob.blocks().getFirst().username()).isEqualTo(alice.user().username());
        long before = messagesIn(direct.id());

        SocketRecorder bobIn = new SocketRecorder();
        try (ChatSocket aliceSocket = alice.connect(new SocketRecorder());
                ChatSocket bobSocket = bob.connect(bobIn)) {
            aliceSocket.hello().get(5, TimeUnit.SECONDS);
            bobSocket.hello().get(5, TimeUnit.SECONDS);
            refusedOnSocket(aliceSocket, direct.id(), "a-2");
            refusedOnSocket(bobSocket, direct.id(), "b-1");
            refused(() -> alice.postMessage(direct.id(), "a-3", "hello?"), 403, "blocked");
            refused(() -> bob.postMessage(direct.id(), "b-2", "go away"), 403, "blocked");
            refused(() -> alice.directRoom(bob.user().id()), 403, "blocked");
            assertThat(bob.directRoom(alice.user().id()).id())
                    .as("the blocker still opens the room")
                    .isEqualTo(direct.id());

            // a block is about direct messages; a shared group keeps working
            aliceSocket.send(group.id(), "g-1", "in the group").get(5, TimeUnit.SECONDS);
            assertThat(SocketRecorder.await(
                            java.time.Duration.ofSeconds(5), () -> bobIn.texts().size() == 1))
                    .isTrue();
        }
        assertThat(messagesIn(direct.id())).as("nothing refused was stored").isEqualTo(before);
        assertThat(bob.history(direct.id(), null, null, 50).messages())
                .extracting(m -> m.text())
                .containsExactly(null, "hi Bob");

        bob.block(alice.user().id()); // again: no change
        alice.block(bob.user().id()); // now both ways
        bob.unblock(alice.user().id());
        refused(() -> bob.postMessage(direct.id(), "b-3", "still blocked by Alice"), 403, "blocked");
        alice.unblock(bob.user().id());
        alice.unblock(bob.user().id()); // again: no change
        assertThat(alice.blocks()).isEmpty();
        assertThat(bob.postMessage(direct.id(), "b-4", "friends again")
                        .message()
                        .seq())
                .isEqualTo(3);
        assertThat(alice.postMessage(direct.id(), "a-4", "yes").message().seq()).isEqualTo(4);
    }

    @Test
    void aBlockMadeBeforeTheDirectRoomExistsAppliesToIt() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        alice.block(bob.user().id());

        refused(() -> bob.directRoom(alice.user().id()), 403, "blocked");
        Room direct = alice.directRoom(bob.user().id());
        refused(() -> alice.postMessage(direct.id(), "a-1", "hi"), 403, "blocked");
        refused(() -> bob.postMessage(direct.id(), "b-1", "hi"), 403, "blocked");
        assertThat(messagesIn(direct.id())).isEqualTo(1); // room.created only

        alice.unblock(bob.user().id());
        assertThat(bob.directRoom(alice.user().id()).id()).isEqualTo(direct.id());
        assertThat(bob.postMessage(direct.id(), "b-2", "hi").message().seq()).isEqualTo(2);
    }

    @Test
    void blockRequestsAreChecked() {
        ConfabClient alice = server.newUser("Alice");
        refused(() -> alice.block(alice.user().id()), 400, "invalid_field");
        refused(() -> alice.block(999_999), 404, "user_not_found");
        assertThat(alice.raw("POST", "/api/v1/blocks", "{}").status()).isEqualTo(400);
        assertThat(alice.raw("DELETE", "/api/v1/blocks/abc", null).status()).isEqualTo(400);
        assertThat(alice.blocks()).isEmpty();
    }

    private long messagesIn(long roomId) {
        return Long.parseLong(server.store()
                .column("SELECT COUNT(*) FROM messages WHERE room_id = " + roomId)
                .getFirst());
    }

    private static void refusedOnSocket(ChatSocket socket, long roomId, String clientId) {
        assertThatThrownBy(() -> socket.send(roomId, clientId, "blocked?").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("blocked"));
    }
}
