package dev.confab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonDecodingTest {
    private static JsonNode frame(String json) {
        return Json.parse(json);
    }

    @Test
    void helloWithoutLastSeen() {
        Hello hello = Json.decode(frame("""
                {"type":"hello","user":{"id":7,"username":"alice","displayName":"Alice"},"sessionId":12,"pos":1093}
                """), Hello.class);
        assertThat(hello).isEqualTo(new Hello(new User(7, "alice", "Alice", null), 12, 1093));
    }

    @Test
    void sentFrameWithUnknownFieldsAndMissingData() {
        SendResult sent = Json.decode(frame("""
                {"type":"sent","ref":"1","duplicate":false,"extra":[1,2],
                 "message":{"id":1093,"roomId":3,"seq":41,"senderId":7,"clientId":"c-5f1e","kind":"text",
                            "text":"hi","createdAt":"2026-11-23T09:00:00.123Z","future":true}}
                """), SendResult.class);
        assertThat(sent.duplicate()).isFalse();
        assertThat(sent.message())
                .isEqualTo(new Message(
                        1093, 3, 41, 7, "c-5f1e", "text", "hi", null, Instant.parse("2026-11-23T09:00:00.123Z")));
    }

    @Test
    void explicitNullDataBecomesNullAndSystemDataIsKept() {
        Message plain = Json.decode(frame("""
                {"id":1,"roomId":3,"seq":1,"senderId":7,"clientId":"a","kind":"text","text":"x","data":null}
                """), Message.class);
        Message system = Json.decode(frame("""
                {"id":2,"roomId":3,"seq":2,"senderId":7,"kind":"members.added","data":{"userIds":[8,9]}}
                """), Message.class);
        assertThat(plain.data()).isNull();
        assertThat(system.data().path("userIds").get(1).asLong()).isEqualTo(9);
        assertThat(system.clientId()).isNull();
    }

    @Test
    void instantsWithOffsetsOrEpochMillis() {
        User offset = Json.decode(frame("""
                {"id":1,"username":"a","displayName":"A","lastSeenAt":"2026-11-23T10:00:00+01:00"}
                """), User.class);
        User millis = Json.decode(frame("{\"id\":1,\"lastSeenAt\":1000}"), User.class);
        assertThat(offset.lastSeenAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(millis.lastSeenAt()).isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void badInstantIsABadResponse() {
        assertThatThrownBy(() -> Json.decode(frame("{\"id\":1,\"lastSeenAt\":\"yesterday\"}"), User.class))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("bad_response"));
    }

    @Test
    void syncFrame() {
        SyncBatch batch = Json.decode(frame("""
                {"type":"sync","ref":"3","next":1095,"more":true,"events":[
                  {"type":"message","message":{"id":1094,"roomId":3,"seq":42,"senderId":9,"clientId":"x1",
                                               "kind":"text","text":"hello","createdAt":"2026-11-23T09:00:00Z"}},
                  {"type":"receipt","receipt":{"roomId":3,"userId":9,"delivered":42,"read":41,"pos":1095}}]}
                """), SyncBatch.class);
        assertThat(batch.next()).isEqualTo(1095);
        assertThat(batch.more()).isTrue();
        assertThat(batch.events()).extracting(SyncEvent::type).containsExactly("message", "receipt");
        assertThat(batch.events().get(0).message().seq()).isEqualTo(42);
        assertThat(batch.events().get(0).receipt()).isNull();
        assertThat(batch.events().get(1).receipt()).isEqualTo(new Receipt(3, 9, 42, 41, 1095));
    }

    @Test
    void listsAreImmutableAndNeverNull() {
        Page page = Json.decode(frame("{\"type\":\"history\",\"more\":false}"), Page.class);
        assertThat(page.messages()).isEmpty();
        assertThatThrownBy(() -> page.messages().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void chatListWithRoomWithoutMessages() {
        ChatList list = Json.decode(frame("""
                {"rooms":[{"room":{"id":3,"kind":"group","name":"g","description":null,"creatorId":7,
                                   "createdAt":"2026-11-23T09:00:00Z","lastSeq":0},
                           "lastMessage":null,"unread":0}],"totalUnread":0}
                """), ChatList.class);
        assertThat(list.rooms()).singleElement().satisfies(entry -> {
            assertThat(entry.lastMessage()).isNull();
            assertThat(entry.room().creatorId()).isEqualTo(7L);
            assertThat(entry.room().description()).isNull();
        });
    }

    @Test
    void roomDetailsUnreadReceiptsSessions() {
        RoomDetails details = Json.decode(frame("""
                {"room":{"id":3,"kind":"direct","createdAt":"2026-11-23T09:00:00Z","lastSeq":4},
                 "members":[{"userId":7,"role":"member","delivered":4,"read":3}]}
                """), RoomDetails.class);
        Unread unread = Json.decode(frame("{\"total\":5,\"rooms\":[{\"roomId\":3,\"unread\":5}]}"), Unread.class);
        MessageReceipts receipts =
                Json.decode(frame("{\"seq\":4,\"delivered\":[8,9],\"read\":[8]}"), MessageReceipts.class);
        SessionInfo session = Json.decode(frame("""
                {"id":12,"device":"phone","createdAt":"2026-11-23T09:00:00Z","lastUsedAt":"2026-11-23T09:05:00Z",
                 "current":true}
                """), SessionInfo.class);
        assertThat(details.members()).containsExactly(new Member(7, "member", 4L, 3L, null));
        assertThat(details.room().creatorId()).isNull();
        assertThat(unread).isEqualTo(new Unread(5, java.util.List.of(new RoomUnread(3, 5))));
        assertThat(receipts.delivered()).containsExactly(8L, 9L);
        assertThat(session.current()).isTrue();
    }

    @Test
    void requestFrames() {
        assertThat(Json.write(Frames.history(3, 41L, null, 50)))
                .isEqualTo("{\"type\":\"history\",\"roomId\":3,\"before\":41,\"limit\":50}");
        assertThat(Json.write(Frames.send(3, "c-1", "hi")))
                .isEqualTo("{\"type\":\"send\",\"roomId\":3,\"clientId\":\"c-1\",\"text\":\"hi\"}");
        assertThat(Json.write(Frames.received(3, 41))).isEqualTo("{\"type\":\"received\",\"roomId\":3,\"seq\":41}");
    }
}
