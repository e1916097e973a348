package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Hello;
import dev.confab.client.Message;
import dev.confab.client.Page;
import dev.confab.client.RawResponse;
import dev.confab.client.Room;
import dev.confab.client.SyncBatch;
import dev.confab.client.SyncEvent;
import dev.confab.testing.RawWebSocket;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The socket rules docs/protocol.md states for the edges: history anchors, type and ref, binary frames, hello's pos, rooms left. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SocketFrameRulesEndToEndTest extends ServerPerStore {

    @Test
    void historyTakesAtMostOneAnchorAndWithoutOneGivesTheNewest() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        for (int i = 0; i < 10; i++) alice.postMessage(room.id(), "h" + i, "message " + i); // seqs 2..11
        SocketRecorder in = new SocketRecorder();
        try (ChatSocket s = bob.connect(in)) {
            s.hello().get(5, TimeUnit.SECONDS);
            Page newest = s.history(room.id(), null, null, 3).get(5, TimeUnit.SECONDS);
            assertThat(newest.messages()).extracting(Message::seq).containsExactly(9L, 10L, 11L);
            assertThat(newest.more()).isTrue();

            s.sendRaw("{\"type\":\"history\",\"ref\":\"both\",\"roomId\":" + room.id() + ",\"before\":8,\"after\":2}");
            JsonNode both = in.reply("both");
            assertThat(both.path("type").asText()).isEqualTo("error");
            assertThat(both.path("code").asText()).isEqualTo("invalid_field");
        }
        RawResponse rest = bob.raw("GET", "/api/v1/rooms/" + room.id() + "/messages?before=8&after=2", null);
        assertThat(rest.status()).isEqualTo(400);
        assertThat(rest.body()).contains("\"code\":\"invalid_field\"");
    }

    @Test
    void aFrameWithoutAStringTypeIsABadFrameAnsweredToItsRef() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        SocketRecorder in = new SocketRecorder();
        try (ChatSocket s = alice.connect(in)) {
            s.hello().get(5, TimeUnit.SECONDS);
            s.sendRaw("{\"ref\":\"no-type\",\"roomId\":1}");
            s.sendRaw("{\"type\":null,\"ref\":\"null-type\"}");
            s.sendRaw("{\"type\":7,\"ref\":\"number-type\"}");
            for (String ref : List.of("no-type", "null-type", "number-type")) {
                JsonNode reply = in.reply(ref);
                assertThat(reply).as(ref).isNotNull();
                assertThat(reply.path("type").asText()).isEqualTo("error");
                assertThat(reply.path("code").asText()).as(ref).isEqualTo("bad_frame");
            }
            s.ping().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefThatIsNotAStringOfAtMost64CharactersIsRefusedAndNotEchoed() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        SocketRecorder in = new SocketRecorder();
        try (ChatSocket s = alice.connect(in)) {
            s.hello().get(5, TimeUnit.SECONDS);
            s.sendRaw("{\"type\":\"ping\",\"ref\":12}");
            s.sendRaw("{\"type\":\"ping\",\"ref\":{\"a\":1}}");
            s.sendRaw("{\"type\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}");
            s.sendRaw("{\"type\":\"ping\",\"ref\":\"" + "r".repeat(64) + "\"}");
            assertThat(in.reply("r".repeat(64)).path("type").asText())
                    .as("64 characters are fine")
                    .isEqualTo("pong");
            List<JsonNode> errors = in.frames.stream()
                    .filter(f -> f.path("type").asText().equals("error"))
                    .toList();
            assertThat(errors)
                    .extracting(f -> f.path("code").asText())
                    .containsExactly("bad_frame", "bad_frame", "invalid_field");
            assertThat(errors).allSatisfy(f -> assertThat(f.has("ref")).isFalse());
            assertThat(in.frames)
                    .filteredOn(f -> f.path("type").asText().equals("pong"))
                    .hasSize(1);
        }
    }

    @Test
    void aBinaryFrameIsRefusedAsABadFrameAndTheSocketStaysUsable() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        try (RawWebSocket ws = new RawWebSocket(server.base(), alice.token())) {
            assertThat(Json.readObject(ws.nextText()).path("type").asText()).isEqualTo("hello");
            ws.sendBinary("{\"type\":\"ping\",\"ref\":\"in-binary\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode refused = Json.readObject(ws.nextText());
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("bad_frame");
            assertThat(refused.has("ref"))
                    .as("a binary frame is not read, so it has no ref")
                    .isFalse();
            ws.sendText("{\"type\":\"ping\",\"ref\":\"p\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(Json.readObject(ws.nextText()).path("ref").asText()).isEqualTo("p");
        }
        try (RawWebSocket ws = new RawWebSocket(server.base(), alice.token())) {
            ws.nextText();
            ws.sendBinary(new byte[4 * 64 * 1024 + 1]);
            assertThat(ws.awaitCloseCode())
                    .as("above four times the frame limit, as for text")
                    .isEqualTo(1009);
        }
    }

    @Test
    void helloPosIsASyncTokenThatMissesNothingAndRepeatsNothing() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.directRoom(bob.user().id());
        Message before =
                alice.postMessage(room.id(), "before", "before connecting").message();
        try (ChatSocket s = bob.connect(new SocketRecorder())) {
            Hello hello = s.hello().get(5, TimeUnit.SECONDS);
            assertThat(hello.pos()).isGreaterThanOrEqualTo(before.id());
            Message after =
                    alice.postMessage(room.id(), "after", "after connecting").message();
            SyncBatch batch = s.sync(hello.pos(), 500).get(5, TimeUnit.SECONDS);
            assertThat(batch.events())
                    .extracting(SyncEvent::message)
                    .filteredOn(Objects::nonNull)
                    .containsExactly(after);
            assertThat(batch.events())
                    .allSatisfy(e -> assertThat(
                                    e.message() != null
                                            ? e.message().id()
                                            : e.receipt().pos())
                            .isGreaterThan(hello.pos()));
            assertThat(batch.more()).isFalse();
        }
    }

    @Test
    void aRoomILeftDropsOutOfMyChatListWhileItsHistoryStaysReadable() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room =
                alice.createGroup("passing through", null, List.of(bob.user().id()));
        alice.postMessage(room.id(), "a-1", "while bob is here");
        assertThat(bob.chatList(10).rooms()).extracting(e -> e.room().id()).containsExactly(room.id());
        assertThat(bob.unread().total()).isEqualTo(1);

        bob.leave(room.id());
        alice.postMessage(room.id(), "a-2", "after bob left");
        assertThat(bob.chatList(10).rooms()).isEmpty();
        assertThat(bob.chatList(10).totalUnread()).isZero();
        assertThat(bob.unread().rooms()).isEmpty();
        assertThat(bob.history(room.id(), null, null, 100).messages())
                .extracting(m -> m.text() != null ? m.text() : m.kind())
                .containsExactly("room.created", "while bob is here", "member.left");
        assertThatThrownBy(() -> bob.postMessage(room.id(), "b-1", "back?"))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("room_not_found"));
    }
}
