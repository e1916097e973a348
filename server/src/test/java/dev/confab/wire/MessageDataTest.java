package dev.confab.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.message.Body;
import dev.confab.message.Message;
import dev.confab.message.RoomEvent;
import dev.confab.room.Role;
import dev.confab.room.Room;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every body kind keeps its documented JSON shape and reads back as the same record. */
class MessageDataTest {
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00.123Z");

    private static void roundTrip(Body body, String data) {
        String stored = MessageData.encode(body);
        assertThat(stored).isEqualTo(data);
        assertThat(MessageData.decode(body.kind(), MessageData.text(body), stored, null))
                .isEqualTo(body);
    }

    @Test
    void roomEventsKeepTheirDataShape() {
        roundTrip(new RoomEvent.RoomCreated(List.of(1L, 2L)), "{\"userIds\":[1,2]}");
        roundTrip(
                new RoomEvent.RoomUpdated("a \"quoted\" name", null, Room.Visibility.PUBLIC, null),
                "{\"name\":\"a \\\"quoted\\\" name\",\"visibility\":\"public\"}");
        roundTrip(new RoomEvent.MembersAdded(List.of(3L)), "{\"userIds\":[3]}");
        roundTrip(new RoomEvent.MemberJoined(4, "invite"), "{\"userId\":4,\"via\":\"invite\"}");
        roundTrip(new RoomEvent.MemberLeft(4), "{\"userId\":4}");
        roundTrip(new RoomEvent.MemberRemoved(4), "{\"userId\":4}");
        roundTrip(new RoomEvent.MemberBanned(4), "{\"userId\":4}");
        roundTrip(new RoomEvent.MemberUnbanned(4), "{\"userId\":4}");
        roundTrip(new RoomEvent.MemberRole(4, Role.MODERATOR), "{\"userId\":4,\"role\":\"moderator\"}");
        roundTrip(new RoomEvent.MessageDeleted(7, 70), "{\"seq\":7,\"id\":70}");
        roundTrip(new RoomEvent.MessagePinned(7), "{\"seq\":7}");
        roundTrip(new RoomEvent.MessageUnpinned(7), "{\"seq\":7}");
    }

    @Test
    void postsCarryMentionsReplyAndForwardInData() {
        roundTrip(new Body.Text("plain"), null);
        roundTrip(new Body.Deleted(), null);
        roundTrip(new Body.Text("hi @bob", Body.Annotations.NONE.withMentions(List.of(9L))), "{\"mentions\":[9]}");
        roundTrip(
                new Body.Text("yes", Body.Annotations.NONE.withReplyTo(new Body.Reply(70, 7, 3, "are you in?", false))),
                "{\"replyTo\":{\"id\":70,\"seq\":7,\"senderId\":3,\"preview\":\"are you in?\"}}");
        roundTrip(
                new Body.Text("news", Body.Annotations.NONE.withForwarded(new Body.Forward(3, "Carol", AT))),
                "{\"forwarded\":{\"senderId\":3,\"senderName\":\"Carol\",\"createdAt\":\"2026-11-23T09:00:00.123Z\"}}");
    }

    @Test
    void mediaMessagesCarryTheirUploadAndCaption() {
        Body.Attachment photo = new Body.Attachment(
                55, "image", "image/jpeg", 48213, "beach.jpg", 800, 600, null, "LKO2?U%2Tw=w]~RBVZRi};RPxuwH", true);
        roundTrip(
                new Body.Media(photo, "look @bob", Body.Annotations.NONE.withMentions(List.of(9L))),
                "{\"media\":{\"id\":55,\"kind\":\"image\",\"type\":\"image/jpeg\",\"size\":48213,\"name\":\"beach.jpg\",\"width\":800,"
                        + "\"height\":600,\"placeholder\":\"LKO2?U%2Tw=w]~RBVZRi};RPxuwH\",\"url\":\"/api/v1/media/55\","
                        + "\"thumbnailUrl\":\"/api/v1/media/55/thumbnail\"},\"mentions\":[9]}");
        Body.Attachment voice =
                new Body.Attachment(56, "audio", "audio/ogg", 900, null, null, null, 2500L, null, false);
        roundTrip(
                new Body.Media(voice, null, null),
                "{\"media\":{\"id\":56,\"kind\":\"audio\",\"type\":\"audio/ogg\",\"size\":900,\"durationMs\":2500,\"url\":\"/api/v1/media/56\"}}");
    }

    @Test
    void aMessageOnTheWireHasKindTextAndDataAsAnObject() {
        Message m = new Message(
                10, 2, 5, 7, "c-1", new Body.Text("hi @bob", Body.Annotations.NONE.withMentions(List.of(9L))), AT);
        assertThat(Json.write(m))
                .isEqualTo(
                        "{\"id\":10,\"roomId\":2,\"seq\":5,\"senderId\":7,\"clientId\":\"c-1\",\"kind\":\"text\","
                                + "\"text\":\"hi @bob\",\"data\":{\"mentions\":[9]},\"createdAt\":\"2026-11-23T09:00:00.123Z\"}");
        Message event = new Message(11, 2, 6, 7, null, new RoomEvent.MemberLeft(7), AT);
        assertThat(Json.write(event))
                .isEqualTo("{\"id\":11,\"roomId\":2,\"seq\":6,\"senderId\":7,\"kind\":\"member.left\","
                        + "\"data\":{\"userId\":7},\"createdAt\":\"2026-11-23T09:00:00.123Z\"}");
    }

    @Test
    void aLongPreviewIsCutAtACodePoint() {
        String text = "😀".repeat(200);
        String preview = Body.Reply.preview(text);
        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(Body.Reply.PREVIEW_CHARS + 1);
        assertThat(preview).endsWith("😀…");
    }
}
