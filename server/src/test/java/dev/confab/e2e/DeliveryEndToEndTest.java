package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Device;
import dev.confab.client.Message;
import dev.confab.client.MessageReceipts;
import dev.confab.client.Page;
import dev.confab.client.Receipt;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Delivered and read state, receipts, unread counts, history pages and the chat list, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class DeliveryEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void senderSeesDeliveredThenReadLiveAndReadStateFollowsTheReaderAcrossDevices() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bobPhone = server.newUser("Bob");
        ConfabClient bobLaptop = server.login(bobPhone, "laptop");
        Room room = alice.directRoom(bobPhone.user().id());
        long bobId = bobPhone.user().id();

        SocketRecorder aliceIn = new SocketRecorder(), laptopIn = new SocketRecorder();
        try (ChatSocket a = alice.connect(aliceIn);
                ChatSocket laptop = bobLaptop.connect(laptopIn)) {
            a.hello().get(5, TimeUnit.SECONDS);
            laptop.hello().get(5, TimeUnit.SECONDS);
            Device phone = new Device(bobPhone); // acknowledges delivery by itself, as an app does
            phone.connect();
            SendResult sent = a.send(room.id(), "r-1", "did you get this?").get(5, TimeUnit.SECONDS);
            long seq = sent.message().seq();
            assertThat(phone.awaitMessages(room.id(), 2, WAIT)).isTrue();

            assertThat(await(
                            WAIT,
                            () -> aliceIn.receipts.stream().anyMatch(r -> r.userId() == bobId && r.delivered() >= seq)))
                    .isTrue();
            MessageReceipts state = alice.receipts(room.id(), seq);
            assertThat(state.delivered()).containsExactly(bobId);
            assertThat(state.read()).isEmpty();
            assertThat(bobPhone.unread().total()).isEqualTo(1);

            Receipt read = phone.socket().read(room.id(), seq).get(5, TimeUnit.SECONDS);
            assertThat(read.read()).isEqualTo(seq);
            assertThat(await(
                            WAIT,
                            () -> aliceIn.receipts.stream().anyMatch(r -> r.userId() == bobId && r.read() >= seq)))
                    .isTrue();
            // Bob's other device learns that Bob has read it
            assertThat(await(
                            WAIT,
                            () -> laptopIn.receipts.stream().anyMatch(r -> r.userId() == bobId && r.read() >= seq)))
                    .isTrue();
            assertThat(alice.receipts(room.id(), seq).read()).containsExactly(bobId);
            assertThat(bobLaptop.unread().total()).isZero();
            phone.close();
        }
    }

    @Test
    void cursorsOnlyMoveForwardAndStopAtTheLastMessage() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        for (int i = 0; i < 5; i++) alice.postMessage(room.id(), "m" + i, "text " + i);
        assertThat(bob.markRead(room.id(), 4).read()).isEqualTo(4);
        assertThat(bob.markRead(room.id(), 2).read()).isEqualTo(4);
        assertThat(bob.markRead(room.id(), 1000).read()).isEqualTo(6);
        assertThat(bob.markReceived(room.id(), 3).delivered()).isEqualTo(6);
    }

    @Test
    void markingAListOfIdsReadMovesTheCursorToTheHighest() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++)
            sent.add(alice.postMessage(room.id(), "m" + i, "text " + i).message());
        Receipt r =
                bob.markReadIds(room.id(), List.of(sent.get(0).id(), sent.get(2).id()));
        assertThat(r.read()).isEqualTo(sent.get(2).seq());
        assertThat(bob.unread().total()).isEqualTo(1);
    }

    @Test
    void unreadCountsPerRoomAndInTotal() {
        ConfabClient me = server.newUser("Me");
        ConfabClient ann = server.newUser("Ann");
        ConfabClient ben = server.newUser("Ben");
        Room withAnn = me.directRoom(ann.user().id());
        Room group =
                ben.createGroup("trio", null, List.of(me.user().id(), ann.user().id()));
        for (int i = 0; i < 3; i++) ann.postMessage(withAnn.id(), "a" + i, "hello " + i);
        for (int i = 0; i < 5; i++) ben.postMessage(group.id(), "b" + i, "news " + i);
        me.postMessage(withAnn.id(), "mine", "my own message is not unread for me");
        ann.postMessage(withAnn.id(), "a-last", "after yours");

        var unread = me.unread();
        assertThat(unread.total()).isEqualTo(1 + 5);
        assertThat(unread.rooms()).anySatisfy(r -> {
            assertThat(r.roomId()).isEqualTo(group.id());
            assertThat(r.unread()).isEqualTo(5);
        });
        var list = me.chatList(50);
        assertThat(list.totalUnread()).isEqualTo(6);
        assertThat(list.rooms()).extracting(e -> e.room().id()).containsExactly(withAnn.id(), group.id());
        assertThat(list.rooms().getFirst().lastMessage().text()).isEqualTo("after yours");
        assertThat(list.rooms().getFirst().unread()).isEqualTo(1);

        ben.postMessage(group.id(), "b-late", "now the group is newest");
        assertThat(me.chatList(50).rooms()).extracting(e -> e.room().id()).containsExactly(group.id(), withAnn.id());
        assertThat(me.chatList(1).rooms()).hasSize(1);
    }

    @Test
    void historyComesInPagesOfAtMostOneHundredBeforeOrAfterASeq() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        for (int i = 0; i < 249; i++) alice.postMessage(room.id(), "h" + i, "message " + i); // seqs 2..250

        Page newest = bob.history(room.id(), null, null, 100);
        assertThat(newest.messages()).extracting(Message::seq).first().isEqualTo(151L);
        assertThat(newest.messages()).extracting(Message::seq).last().isEqualTo(250L);
        assertThat(newest.more()).isTrue();

        List<Long> backwards = new ArrayList<>();
        Long before = null;
        Page page;
        do {
            page = bob.history(room.id(), before, null, 100);
            List<Long> seqs = page.messages().stream().map(Message::seq).toList();
            backwards.addAll(0, seqs);
            before = seqs.getFirst();
        } while (page.more());
        assertThat(backwards).hasSize(250).isSorted().doesNotHaveDuplicates();

        Page after = bob.history(room.id(), null, 200L, 30);
        assertThat(after.messages())
                .extracting(Message::seq)
                .containsExactlyElementsOf(
                        ChatEndToEndTest.LongRangeHelper.oneTo(230).subList(200, 230));
        assertThat(after.more()).isTrue();
        assertThat(bob.history(room.id(), null, 240L, 30).more()).isFalse();
        assertThat(bob.history(room.id(), 3L, null, 100).messages())
                .extracting(Message::seq)
                .containsExactly(1L, 2L);

        assertThatThrownBy(() -> bob.history(room.id(), null, null, 101))
                .isInstanceOfSatisfying(ConfabException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("limit_too_large");
                });
    }

    @Test
    void historyOverTheSocketMatchesRest() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        for (int i = 0; i < 20; i++) alice.postMessage(room.id(), "h" + i, "message " + i);
        try (ChatSocket s = bob.connect(new SocketRecorder())) {
            Page overSocket = s.history(room.id(), 15L, null, 5).get(5, TimeUnit.SECONDS);
            assertThat(overSocket).isEqualTo(bob.history(room.id(), 15L, null, 5));
            assertThat(overSocket.messages()).extracting(Message::seq).containsExactly(10L, 11L, 12L, 13L, 14L);
        }
    }

    @Test
    void addedMembersHearOfTheirNewRoomLiveAndCanPageItsHistory() throws Exception {
        ConfabClient owner = server.newUser("Owner");
        ConfabClient newcomer = server.newUser("New");
        Room group = owner.createGroup("club", "members only", List.of());
        owner.postMessage(group.id(), "before", "said before you came");
        SocketRecorder in = new SocketRecorder();
        try (ChatSocket s = newcomer.connect(in)) {
            s.hello().get(5, TimeUnit.SECONDS);
            assertThat(owner.addMembers(group.id(), List.of(newcomer.user().id())))
                    .containsExactly(newcomer.user().id());
            assertThat(await(WAIT, () -> in.messages.stream().anyMatch(m -> "members.added".equals(m.kind()))))
                    .isTrue();
            assertThat(owner.addMembers(group.id(), List.of(newcomer.user().id())))
                    .isEmpty();
            owner.postMessage(group.id(), "after", "welcome");
            assertThat(await(WAIT, () -> in.texts().size() == 1)).isTrue();
        }
        assertThat(newcomer.history(group.id(), null, null, 50).messages())
                .extracting(Message::kind)
                .containsExactly("room.created", "text", "members.added", "text");
        assertThat(newcomer.chatList(10).rooms()).extracting(e -> e.room().id()).containsExactly(group.id());
    }

    @Test
    void aMentionFlagsTheRoomInTheChatListUntilRead() throws Exception {
        ConfabClient ann = server.newUser("Ann");
        ConfabClient ben = server.newUser("Ben");
        ConfabClient cat = server.newUser("Cat");
        ConfabClient outsider = server.newUser("Out");
        Room group = ann.createGroup(
                "mentions", null, List.of(ben.user().id(), cat.user().id()));
        ann.postMessage(group.id(), "m-0", "no one in particular");
        assertThat(ben.chatList(10).rooms().getFirst().mentioned()).isFalse();

        String text = "@" + ben.user().username() + " and @" + outsider.user().username() + " and @"
                + ann.user().username() + " and mail@" + cat.user().username();
        Message m = ann.postMessage(group.id(), "m-1", text).message();
        assertThat(m.data().get("mentions"))
                .as("members only, not the sender, not an e-mail address")
                .extracting(n -> n.asLong())
                .containsExactly(ben.user().id());
        assertThat(ben.chatList(10).rooms().getFirst().mentioned()).isTrue();
        assertThat(cat.chatList(10).rooms().getFirst().mentioned()).isFalse();
        assertThat(ann.chatList(10).rooms().getFirst().mentioned()).isFalse();

        ann.postMessage(group.id(), "m-2", "something after the mention");
        ben.markRead(group.id(), m.seq());
        assertThat(ben.chatList(10).rooms().getFirst().mentioned())
                .as("read past the mention")
                .isFalse();
        assertThat(ben.chatList(10).rooms().getFirst().unread()).isEqualTo(1);
        assertThat(ben.history(group.id(), null, null, 10).messages())
                .filteredOn(x -> "m-1".equals(x.clientId()))
                .singleElement()
                .satisfies(x -> assertThat(x.data().get("mentions").get(0).asLong())
                        .isEqualTo(ben.user().id()));
    }
}
