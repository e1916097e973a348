package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Device;
import dev.confab.client.Edit;
import dev.confab.client.Message;
import dev.confab.client.Reaction;
import dev.confab.client.ReactionChange;
import dev.confab.client.Room;
import dev.confab.client.SyncBatch;
import dev.confab.client.SyncEvent;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Reply, forward, edit and reactions (MSG-5, MSG-6), live and in sync, with their authorization, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MessageActionsEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(15);

    ConfabClient alice, bob, carol;

    @BeforeEach
    void people() {
        alice = server.newUser("Alice");
        bob = server.newUser("Bob");
        carol = server.newUser("Carol");
    }

    @Test
    void aReplyQuotesItsOriginalAndShowsItsEditsAndDeletionWhenRead() throws Exception {
        Room room = alice.createGroup("team", null, List.of(bob.user().id()));
        Message original = alice.postMessage(room.id(), "a-1", "are we shipping on friday?")
                .message();
        SocketRecorder aliceIn = new SocketRecorder();
        try (ChatSocket a = alice.connect(aliceIn);
                ChatSocket b = bob.connect(new SocketRecorder())) {
            a.hello().get(5, TimeUnit.SECONDS);
            b.hello().get(5, TimeUnit.SECONDS);
            Message reply = b.reply(room.id(), "b-1", "yes, friday", original.seq())
                    .get(5, TimeUnit.SECONDS)
                    .message();
            JsonNode quote = reply.replyTo();
            assertThat(quote.get("id").asLong()).isEqualTo(original.id());
            assertThat(quote.get("seq").asLong()).isEqualTo(original.seq());
            assertThat(quote.get("senderId").asLong()).isEqualTo(alice.user().id());
            assertThat(quote.get("preview").asText()).isEqualTo("are we shipping on friday?");
            assertThat(await(WAIT, () -> aliceIn.texts().stream().anyMatch(m -> m.id() == reply.id())))
                    .isTrue();
            assertThat(aliceIn.texts().getLast().replyTo().get("seq").asLong()).isEqualTo(original.seq());
        }

        alice.editMessage(room.id(), original.seq(), "are we shipping on monday?");
        JsonNode edited = lastText(bob, room).replyTo();
        assertThat(edited.get("preview").asText()).isEqualTo("are we shipping on monday?");
        assertThat(edited.has("deleted")).isFalse();

        alice.deleteMessage(room.id(), original.seq());
        JsonNode gone = lastText(bob, room).replyTo();
        assertThat(gone.get("deleted").asBoolean()).isTrue();
        assertThat(gone.has("preview")).isFalse();
        assertThat(gone.get("seq").asLong()).isEqualTo(original.seq());

        assertCode("message_not_found", () -> bob.reply(room.id(), "b-2", "to nothing", 999));
        assertCode("invalid_field", () -> bob.reply(room.id(), "b-3", "to an event", 1)); // seq 1 is room.created
        assertCode("invalid_field", () -> bob.reply(room.id(), "b-4", "to a tombstone", original.seq()));
    }

    @Test
    void aQuoteShowsNoTextToAMemberWhoseHistoryStartsAfterTheQuotedMessage() throws Exception {
        Room room = alice.createRoom(
                "fresh", "group", "private", "joined", List.of(bob.user().id()));
        Message original = alice.postMessage(room.id(), "a-1", "the salary figures are 42k")
                .message();
        alice.addMembers(room.id(), List.of(carol.user().id()));
        SocketRecorder carolIn = new SocketRecorder();
        try (ChatSocket c = carol.connect(carolIn)) {
            c.hello().get(5, TimeUnit.SECONDS);
            Message reply =
                    bob.reply(room.id(), "b-1", "noted, thanks", original.seq()).message();
            assertThat(await(WAIT, () -> carolIn.texts().stream().anyMatch(m -> m.id() == reply.id())))
                    .isTrue();
            JsonNode live = carolIn.texts().getLast().replyTo();
            assertThat(live.get("seq").asLong()).isEqualTo(original.seq());
            assertThat(live.has("preview")).isFalse();
        }
        // history: the quote's text for a reader of the original, none for the newcomer
        assertThat(lastText(bob, room).replyTo().get("preview").asText()).isEqualTo("the salary figures are 42k");
        JsonNode seen = lastText(carol, room).replyTo();
        assertThat(seen.get("senderId").asLong()).isEqualTo(alice.user().id());
        assertThat(seen.has("preview")).isFalse();
        assertThat(seen.has("deleted")).isFalse();
        // nor through sync or search
        assertThat(syncAll(carol, 0).stream()
                        .filter(e -> e.message() != null && e.message().replyTo() != null)
                        .map(e -> e.message().replyTo().toString()))
                .hasSize(1)
                .noneMatch(q -> q.contains("salary"));
        assertThat(carol.search("noted", room.id(), null, null, 20, null).hits())
                .singleElement()
                .satisfies(h -> assertThat(h.message().replyTo().has("preview")).isFalse());
        // an edit of the original does not reach the newcomer through the quote either
        alice.editMessage(room.id(), original.seq(), "the salary figures are 45k");
        assertThat(lastText(carol, room).replyTo().has("preview")).isFalse();
        assertThat(lastText(bob, room).replyTo().get("preview").asText()).isEqualTo("the salary figures are 45k");
    }

    @Test
    void aForwardNamesTheOriginalSenderAndTimeButNotTheRoomItCameFrom() throws Exception {
        Room secret =
                carol.createGroup("carol and alice", null, List.of(alice.user().id()));
        Message original =
                carol.postMessage(secret.id(), "c-1", "the plan is ready").message();
        Room withBob = alice.directRoom(bob.user().id());
        SocketRecorder bobIn = new SocketRecorder();
        try (ChatSocket b = bob.connect(bobIn)) {
            b.hello().get(5, TimeUnit.SECONDS);
            Message copy = alice.forward(withBob.id(), "a-f1", secret.id(), original.seq())
                    .message();
            assertThat(copy.roomId()).isEqualTo(withBob.id());
            assertThat(copy.senderId()).isEqualTo(alice.user().id());
            assertThat(copy.text()).isEqualTo("the plan is ready");
            assertThat(await(WAIT, () -> bobIn.texts().stream().anyMatch(m -> m.id() == copy.id())))
                    .isTrue();
            JsonNode live = bobIn.frames.stream()
                    .filter(f -> "message".equals(f.path("type").asText()))
                    .reduce((x, y) -> y)
                    .orElseThrow();
            JsonNode forwarded = live.get("message").get("data").get("forwarded");
            assertThat(forwarded.get("senderId").asLong())
                    .isEqualTo(carol.user().id());
            assertThat(forwarded.get("senderName").asText()).isEqualTo("Carol");
            assertThat(forwarded.get("createdAt").asText())
                    .isEqualTo(original.createdAt().toString());
            // nothing names the source room or the source message
            assertThat(live.get("message").get("data").properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("forwarded");
            assertThat(forwarded.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactlyInAnyOrder("senderId", "senderName", "createdAt");
        }
        // a forward of a forward still names the first author
        Room third = bob.createGroup("bob's", null, List.of());
        long copySeq = lastText(bob, withBob).seq();
        Message again = bob.forward(third.id(), "b-f1", withBob.id(), copySeq).message();
        assertThat(again.forwarded().get("senderId").asLong())
                .isEqualTo(carol.user().id());
        // a resend with the same clientId answers the original
        assertThat(alice.forward(withBob.id(), "a-f1", secret.id(), original.seq())
                        .duplicate())
                .isTrue();

        assertCode(
                "room_not_found",
                () -> bob.forward(third.id(), "b-f2", secret.id(), original.seq())); // bob cannot read it
        assertCode("message_not_found", () -> alice.forward(withBob.id(), "a-f2", secret.id(), 99));
        assertCode("invalid_field", () -> alice.forward(withBob.id(), "a-f3", secret.id(), 1)); // a room event
        assertCode(
                "room_not_found",
                () -> carol.forward(withBob.id(), "c-f1", secret.id(), original.seq())); // not in the target
        Room channel = carol.createRoom(
                "news", "channel", "private", "all", List.of(alice.user().id()));
        assertCode(
                "forbidden",
                () -> alice.forward(channel.id(), "a-f4", secret.id(), original.seq())); // a reader cannot post
    }

    @Test
    void anEditReachesEveryoneLiveAndInSyncUpdatesThePreviewMentionsAndNoUnread() throws Exception {
        Room room = alice.createGroup(
                "team", null, List.of(bob.user().id(), carol.user().id()));
        Device bobOffline = new Device(server.login(bob, "tablet"));
        bobOffline.connect();
        long token = bobOffline.syncToken();
        bobOffline.disconnect();

        Message m = alice.postMessage(room.id(), "a-1", "helo wrold").message();
        bob.markRead(room.id(), m.seq());
        long carolUnread = unread(carol, room);
        SocketRecorder bobIn = new SocketRecorder(), aliceLaptopIn = new SocketRecorder();
        try (ChatSocket b = bob.connect(bobIn);
                ChatSocket laptop = server.login(alice, "laptop").connect(aliceLaptopIn);
                ChatSocket phone = alice.connect(new SocketRecorder())) {
            b.hello().get(5, TimeUnit.SECONDS);
            laptop.hello().get(5, TimeUnit.SECONDS);
            phone.hello().get(5, TimeUnit.SECONDS);
            String mentioning = "hello world @" + carol.user().username();
            Message edited = phone.edit(room.id(), m.seq(), mentioning).get(5, TimeUnit.SECONDS);
            assertThat(edited.text()).isEqualTo(mentioning);
            assertThat(edited.editedAt()).isNotNull();
            assertThat(edited.id()).isEqualTo(m.id());
            assertThat(await(WAIT, () -> !bobIn.edits.isEmpty() && !aliceLaptopIn.edits.isEmpty()))
                    .isTrue();
            Edit live = bobIn.edits.getFirst();
            assertThat(live.messageId()).isEqualTo(m.id());
            assertThat(live.text()).isEqualTo(mentioning);
            assertThat(live.data().get("mentions"))
                    .extracting(JsonNode::asLong)
                    .containsExactly(carol.user().id());
        }
        // the chat list shows the new text; nobody's unread count moved; carol is now mentioned
        assertThat(bob.chatList(10).rooms().getFirst().lastMessage().text())
                .startsWith("hello world @" + carol.user().username());
        assertThat(bob.chatList(10).rooms().getFirst().lastMessage().editedAt()).isNotNull();
        assertThat(unread(bob, room)).isZero();
        assertThat(unread(carol, room)).isEqualTo(carolUnread);
        assertThat(carol.chatList(10).rooms().getFirst().mentioned()).isTrue();
        // the last text wins, and history shows it with its edit time
        alice.editMessage(room.id(), m.seq(), "hello world, final");
        Message read = bob.history(room.id(), null, null, 10).messages().getLast();
        assertThat(read.text()).isEqualTo("hello world, final");
        assertThat(read.editedAt()).isNotNull();

        // a device that was offline replays the message and both edits in order, once each
        List<SyncEvent> events = syncAll(bobOffline.client(), token);
        List<Long> positions =
                events.stream().map(MessageActionsEndToEndTest::pos).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        List<String> edits = events.stream()
                .filter(e -> e.edit() != null)
                .map(e -> e.edit().text())
                .toList();
        assertThat(edits).containsExactly("hello world @" + carol.user().username(), "hello world, final");
        bobOffline.connect();
        assertThat(await(
                        WAIT,
                        () -> bobOffline.messages(room.id()).stream()
                                .anyMatch(x -> "hello world, final".equals(x.text()))))
                .isTrue();
        bobOffline.close();
    }

    @Test
    void onlyTheSenderEditsTheirOwnTextWithinTheRules() {
        Room room = alice.createGroup("team", null, List.of(bob.user().id()));
        long mine = alice.postMessage(room.id(), "a-1", "mine").message().seq();
        long doomed = alice.postMessage(room.id(), "a-2", "doomed").message().seq();
        alice.deleteMessage(room.id(), doomed);
        assertCode("forbidden", () -> bob.editMessage(room.id(), mine, "bob was here"));
        assertCode("forbidden", () -> alice.editMessage(room.id(), 1, "not an event"));
        assertCode("forbidden", () -> alice.editMessage(room.id(), doomed, "back from the dead"));
        assertCode("room_not_found", () -> carol.editMessage(room.id(), mine, "outsider"));
        assertCode("message_not_found", () -> alice.editMessage(room.id(), 999, "nothing"));
        assertCode("text_too_long", () -> alice.editMessage(room.id(), mine, "x".repeat(4001)));
        assertCode("invalid_field", () -> alice.editMessage(room.id(), mine, "  "));
        Room other = bob.directRoom(alice.user().id());
        long copy = bob.forward(other.id(), "b-f", room.id(), mine).message().seq();
        assertCode("forbidden", () -> bob.editMessage(other.id(), copy, "rewriting history"));
        assertThat(alice.history(room.id(), null, null, 10).messages())
                .filteredOn(x -> x.seq() == mine)
                .singleElement()
                .satisfies(x -> assertThat(x.text()).isEqualTo("mine"));
        // a member who left cannot edit what they wrote while in the room
        long bobs = bob.postMessage(room.id(), "b-1", "bye").message().seq();
        bob.leave(room.id());
        assertCode("room_not_found", () -> bob.editMessage(room.id(), bobs, "changed my mind"));
    }

    @Test
    void anEditWindowRefusesLateEditsWithAClearError() throws Exception {
        try (TestServer windowed = TestServer.start(kind, Map.of("messages.editWindowSeconds", "1"))) {
            ConfabClient a = windowed.newUser("Alice"), b = windowed.newUser("Bob");
            Room room = a.directRoom(b.user().id());
            Message m = a.postMessage(room.id(), "a-1", "quick").message();
            while (java.time.Instant.now().isBefore(m.createdAt().plusMillis(1100))) Thread.sleep(50);
            assertThatThrownBy(() -> a.editMessage(room.id(), m.seq(), "too late"))
                    .isInstanceOfSatisfying(ConfabException.class, e -> {
                        assertThat(e.code()).isEqualTo("edit_window_closed");
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("edited for");
                    });
        }
        // the default: no window
        Room room = alice.directRoom(bob.user().id());
        Message m = alice.postMessage(room.id(), "a-1", "no hurry").message();
        while (java.time.Instant.now().isBefore(m.createdAt().plusMillis(1100))) Thread.sleep(50);
        assertThat(alice.editMessage(room.id(), m.seq(), "still editable").text())
                .isEqualTo("still editable");
    }

    @Test
    void reactionsCountWhoLiveAndInSyncWithoutMakingAnythingUnread() throws Exception {
        Room room = alice.createGroup(
                "team", null, List.of(bob.user().id(), carol.user().id()));
        Message m = alice.postMessage(room.id(), "a-1", "lunch?").message();
        long token = alice.sync(0, 500).next();
        bob.markRead(room.id(), m.seq());
        carol.markRead(room.id(), m.seq());
        SocketRecorder aliceIn = new SocketRecorder();
        try (ChatSocket a = alice.connect(aliceIn);
                ChatSocket b = bob.connect(new SocketRecorder())) {
            a.hello().get(5, TimeUnit.SECONDS);
            b.hello().get(5, TimeUnit.SECONDS);
            ReactionChange first = b.react(room.id(), m.seq(), "👍", true).get(5, TimeUnit.SECONDS);
            assertThat(first.count()).isEqualTo(1);
            assertThat(first.added()).isTrue();
            assertThat(b.react(room.id(), m.seq(), "👍", true).get(5, TimeUnit.SECONDS))
                    .isNull(); // one of each emoji per user
            assertThat(carol.react(room.id(), m.seq(), "👍").count()).isEqualTo(2);
            assertThat(carol.react(room.id(), m.seq(), "❤").emoji()).isEqualTo("❤️"); // the set's spelling
            assertThat(await(WAIT, () -> aliceIn.reactions.size() == 3)).isTrue();
            assertThat(aliceIn.reactions).extracting(ReactionChange::count).containsExactly(1, 2, 1);
            assertThat(bob.unreact(room.id(), m.seq(), "👍").count()).isEqualTo(1);
            assertThat(bob.unreact(room.id(), m.seq(), "👍")).isNull();
        }
        List<Reaction> shown =
                carol.history(room.id(), null, null, 10).messages().getLast().reactions();
        assertThat(shown).extracting(Reaction::emoji).containsExactly("👍", "❤️");
        assertThat(shown.getFirst().count()).isEqualTo(1);
        assertThat(shown.getFirst().userIds()).containsExactly(carol.user().id());
        assertThat(shown.getFirst().mine()).isTrue();
        assertThat(bob.history(room.id(), null, null, 10)
                        .messages()
                        .getLast()
                        .reactions()
                        .getFirst()
                        .mine())
                .isFalse();
        assertThat(alice.reactions(room.id(), m.seq()))
                .extracting(Reaction::emoji, Reaction::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("👍", 1), org.assertj.core.groups.Tuple.tuple("❤️", 1));
        // reactions are never unread
        assertThat(unread(alice, room)).isZero();
        assertThat(unread(bob, room)).isZero();
        // sync replays every change once, in order, after the message
        List<SyncEvent> events = syncAll(alice, token);
        assertThat(events.stream().map(MessageActionsEndToEndTest::pos).toList())
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(events.stream()
                        .filter(e -> e.reaction() != null)
                        .map(e -> (e.reaction().added() ? "+" : "-")
                                + e.reaction().emoji()))
                .containsExactly("+👍", "+👍", "+❤️", "-👍");
        // deleting the message takes its reactions with it
        alice.deleteMessage(room.id(), m.seq());
        assertThat(alice.history(room.id(), null, null, 10).messages().stream()
                        .filter(x -> x.seq() == m.seq())
                        .findFirst()
                        .orElseThrow()
                        .reactions())
                .isEmpty();
        assertCode("forbidden", () -> bob.react(room.id(), m.seq(), "👍"));
    }

    @Test
    void onlyMembersWhoCanReadReactWithAllowedEmoji() {
        Room room = alice.createGroup("team", null, List.of(bob.user().id()));
        long seq = alice.postMessage(room.id(), "a-1", "hi").message().seq();
        assertCode("emoji_not_allowed", () -> bob.react(room.id(), seq, "banana"));
        assertCode("emoji_not_allowed", () -> bob.react(room.id(), seq, "🍌"));
        assertCode("room_not_found", () -> carol.react(room.id(), seq, "👍"));
        assertCode("forbidden", () -> bob.react(room.id(), 1, "👍")); // a room event
        assertCode("message_not_found", () -> bob.react(room.id(), 99, "👍"));
        assertCode("room_not_found", () -> carol.reactions(room.id(), seq));
        assertThat(bob.allowedReactions()).contains("👍", "❤️");
        bob.leave(room.id());
        assertCode("room_not_found", () -> bob.react(room.id(), seq, "👍"));
        // a channel's readers may not post but may react
        Room channel = alice.createRoom(
                "news", "channel", "private", "all", List.of(carol.user().id()));
        long news = alice.postMessage(channel.id(), "a-2", "news").message().seq();
        assertThat(carol.react(channel.id(), news, "🎉").count()).isEqualTo(1);
    }

    private static long pos(SyncEvent e) {
        if (e.message() != null) return e.message().id();
        if (e.receipt() != null) return e.receipt().pos();
        if (e.edit() != null) return e.edit().pos();
        return e.reaction().pos();
    }

    private static List<SyncEvent> syncAll(ConfabClient c, long since) {
        List<SyncEvent> out = new ArrayList<>();
        for (long token = since; ; ) {
            SyncBatch batch = c.sync(token, 3); // small pages, so the batch boundaries are crossed too
            out.addAll(batch.events());
            token = batch.next();
            if (!batch.more()) return out;
        }
    }

    private static Message lastText(ConfabClient c, Room room) {
        return c.history(room.id(), null, null, 100).messages().stream()
                .filter(m -> "text".equals(m.kind()))
                .reduce((x, y) -> y)
                .orElseThrow();
    }

    private static long unread(ConfabClient c, Room room) {
        return c.unread().rooms().stream()
                .filter(r -> r.roomId() == room.id())
                .mapToLong(r -> r.unread())
                .sum();
    }

    private static void assertCode(String code, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
