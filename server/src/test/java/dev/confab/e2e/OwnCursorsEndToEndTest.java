package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Message;
import dev.confab.client.Receipt;
import dev.confab.client.Room;
import dev.confab.client.SyncEvent;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What I write moves my own cursors, text and system messages alike, and every such move is
 * pushed live to whoever may see it, exactly as sync later returns it.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class OwnCursorsEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void noActionOfMineMakesMyRoomUnreadForMe() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient carol = server.newUser("Carol");
        ConfabClient dan = server.newUser("Dan");
        Room room = alice.createGroup("own actions", null, List.of(bob.user().id()));
        long bobsMessage =
                bob.postMessage(room.id(), "b-1", "pin this").message().seq();
        alice.markRead(room.id(), bobsMessage);

        Map<String, Runnable> actions = new LinkedHashMap<>();
        actions.put(
                "add members",
                () -> alice.addMembers(
                        room.id(), List.of(carol.user().id(), dan.user().id())));
        actions.put("pin", () -> alice.pin(room.id(), bobsMessage));
        actions.put("unpin", () -> alice.unpin(room.id(), bobsMessage));
        actions.put("rename", () -> alice.updateRoom(room.id(), "renamed", "new words", null, null));
        actions.put("change a role", () -> alice.setRole(room.id(), bob.user().id(), "moderator"));
        actions.put("delete my own message", () -> {
            long mine = alice.postMessage(room.id(), "a-del", "oops").message().seq();
            alice.deleteMessage(room.id(), mine);
        });
        actions.put(
                "remove someone",
                () -> alice.removeMember(room.id(), carol.user().id()));
        actions.put("ban someone", () -> alice.ban(room.id(), dan.user().id()));
        actions.put("unban", () -> alice.unban(room.id(), dan.user().id()));
        long bobUnread = bob.unread().total();
        for (var action : actions.entrySet()) {
            action.getValue().run();
            assertThat(alice.unread().total())
                    .as("unread after I " + action.getKey())
                    .isZero();
            assertThat(alice.chatList(10).rooms().getFirst().unread())
                    .as("chat list after I " + action.getKey())
                    .isZero();
            long bobNow = bob.unread().total();
            assertThat(bobNow)
                    .as("the others see a new event after I " + action.getKey())
                    .isGreaterThan(bobUnread);
            bobUnread = bobNow;
        }
        long lastSeq = alice.room(room.id()).room().lastSeq();
        assertThat(alice.room(room.id()).members())
                .filteredOn(m -> m.userId() == alice.user().id())
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.read()).isEqualTo(lastSeq);
                    assertThat(m.delivered()).isEqualTo(lastSeq);
                });
    }

    @Test
    void myOtherDevicesHearLiveThatMyActionMovedMyCursors() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient aliceLaptop = server.login(alice, "laptop");
        Room room = alice.createGroup("live", null, List.of(bob.user().id()));
        SocketRecorder laptop = new SocketRecorder(), bobIn = new SocketRecorder();
        try (ChatSocket l = aliceLaptop.connect(laptop);
                ChatSocket b = bob.connect(bobIn)) {
            l.hello().get(5, TimeUnit.SECONDS);
            b.hello().get(5, TimeUnit.SECONDS);
            alice.updateRoom(room.id(), "renamed", null, null, null);
            assertThat(await(
                            WAIT,
                            () -> laptop.messages.stream()
                                    .anyMatch(m -> m.kind().equals("room.updated"))))
                    .isTrue();
            long seq = laptop.messages.getFirst().seq();
            assertThat(await(
                            WAIT,
                            () -> laptop.receipts.stream()
                                    .anyMatch(r -> r.userId() == alice.user().id() && r.read() == seq)))
                    .as("my laptop hears that my rename is read by me")
                    .isTrue();
            assertThat(await(
                            WAIT,
                            () -> bobIn.receipts.stream()
                                    .anyMatch(r -> r.userId() == alice.user().id() && r.read() == seq)))
                    .as("as does everyone who sees receipts in a group")
                    .isTrue();
        }
    }

    @Test
    void theCursorMoveOfASendReachesMyOtherDevicesAndTheRoomLiveAsSyncHasIt() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient aliceLaptop = server.login(alice, "laptop");
        Room room = alice.createGroup("sends", null, List.of(bob.user().id()));
        long token = alice.sync(0, 500).next();
        SocketRecorder phone = new SocketRecorder(), laptop = new SocketRecorder(), bobIn = new SocketRecorder();
        try (ChatSocket p = alice.connect(phone);
                ChatSocket l = aliceLaptop.connect(laptop);
                ChatSocket b = bob.connect(bobIn)) {
            p.hello().get(5, TimeUnit.SECONDS);
            l.hello().get(5, TimeUnit.SECONDS);
            b.hello().get(5, TimeUnit.SECONDS);
            Message sent =
                    p.send(room.id(), "a-1", "hello").get(5, TimeUnit.SECONDS).message();

            Receipt synced = alice.sync(token, 500).events().stream()
                    .map(SyncEvent::receipt)
                    .filter(Objects::nonNull)
                    .filter(r -> r.userId() == alice.user().id())
                    .reduce((x, y) -> y)
                    .orElseThrow();
            assertThat(synced.read()).isEqualTo(sent.seq());
            assertThat(await(WAIT, () -> laptop.receipts.contains(synced)))
                    .as("my other device, live, as in sync")
                    .isTrue();
            assertThat(await(WAIT, () -> bobIn.receipts.contains(synced)))
                    .as("the other member, live, as in sync")
                    .isTrue();
            // the sending device has its `sent` reply; what comes after the send shows it got no receipt for it
            p.ping().get(5, TimeUnit.SECONDS);
            b.send(room.id(), "b-1", "after yours").get(5, TimeUnit.SECONDS);
            assertThat(await(WAIT, () -> phone.texts().size() == 1)).isTrue();
            assertThat(phone.receipts).noneMatch(r -> r.pos() == synced.pos());

            // over REST there is no sending device: all of mine hear it
            Message posted = alice.postMessage(room.id(), "a-2", "from the web").message();
            assertThat(await(
                            WAIT,
                            () -> phone.receipts.stream()
                                    .anyMatch(r -> r.userId() == alice.user().id() && r.read() == posted.seq())))
                    .isTrue();
            assertThat(await(
                            WAIT,
                            () -> laptop.receipts.stream()
                                    .anyMatch(r -> r.userId() == alice.user().id() && r.read() == posted.seq())))
                    .isTrue();
        }
    }

    @Test
    void inAChannelTheSendersCursorMoveGoesToTheAdminsNotToEveryReader() throws Exception {
        ConfabClient owner = server.newUser("Owner");
        ConfabClient admin = server.newUser("Admin");
        ConfabClient reader = server.newUser("Reader");
        Room channel = owner.createRoom(
                "news",
                "channel",
                "private",
                "all",
                List.of(admin.user().id(), reader.user().id()));
        owner.setRole(channel.id(), admin.user().id(), "admin");
        long token = reader.sync(0, 500).next();
        long adminToken = admin.sync(0, 500).next();
        SocketRecorder adminIn = new SocketRecorder(), readerIn = new SocketRecorder();
        try (ChatSocket a = admin.connect(adminIn);
                ChatSocket r = reader.connect(readerIn)) {
            a.hello().get(5, TimeUnit.SECONDS);
            r.hello().get(5, TimeUnit.SECONDS);
            owner.postMessage(channel.id(), "o-1", "announcement");
            Message second =
                    owner.postMessage(channel.id(), "o-2", "and another").message();
            assertThat(await(
                            WAIT,
                            () -> adminIn.receipts.stream()
                                    .anyMatch(x -> x.userId() == owner.user().id() && x.read() == second.seq())))
                    .isTrue();
            assertThat(await(WAIT, () -> readerIn.texts().size() == 2)).isTrue();
            assertThat(readerIn.receipts)
                    .as("a reader gets the posts, not the poster's cursors")
                    .isEmpty();
            assertThat(reader.sync(token, 500).events())
                    .extracting(SyncEvent::receipt)
                    .filteredOn(Objects::nonNull)
                    .isEmpty();
            assertThat(admin.sync(adminToken, 500).events())
                    .extracting(SyncEvent::receipt)
                    .filteredOn(Objects::nonNull)
                    .anySatisfy(
                            x -> assertThat(x.userId()).isEqualTo(owner.user().id()));
        }
    }
}
