package dev.confab.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.confab.message.Body;
import dev.confab.message.MessageText;
import dev.confab.message.RoomEvent;
import dev.confab.room.Role;
import dev.confab.room.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping between message bodies and their {@code kind}, {@code text} and {@code data}
 * JSON: what clients receive and what the store keeps are the same shape (docs/protocol.md).
 */
public final class MessageData {
    private MessageData() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The body's {@code data} object, or null when it has nothing beyond kind and text. */
    public static ObjectNode node(Body body) {
        ObjectNode n = F.objectNode();
        switch (body) {
            case Body.Text t -> annotations(n, t.annotations());
            case Body.Media m -> {
                attachment(n.putObject("media"), m.media());
                annotations(n, m.annotations());
            }
            case Body.Deleted d -> {}
            case RoomEvent.RoomCreated e -> ids(n, "userIds", e.userIds());
            case RoomEvent.RoomUpdated e -> {
                if (e.name() != null) n.put("name", e.name());
                if (e.description() != null) n.put("description", e.description());
                if (e.visibility() != null) n.put("visibility", e.visibility().wire());
                if (e.history() != null) n.put("history", e.history().wire());
            }
            case RoomEvent.MembersAdded e -> ids(n, "userIds", e.userIds());
            case RoomEvent.MemberJoined e -> n.put("userId", e.userId()).put("via", e.via());
            case RoomEvent.MemberLeft e -> n.put("userId", e.userId());
            case RoomEvent.MemberRemoved e -> n.put("userId", e.userId());
            case RoomEvent.MemberBanned e -> n.put("userId", e.userId());
            case RoomEvent.MemberUnbanned e -> n.put("userId", e.userId());
            case RoomEvent.MemberRole e ->
                n.put("userId", e.userId()).put("role", e.role().wire());
            case RoomEvent.MessageDeleted e -> n.put("seq", e.seq()).put("id", e.id());
            case RoomEvent.MessagePinned e -> n.put("seq", e.seq());
            case RoomEvent.MessageUnpinned e -> n.put("seq", e.seq());
        }
        return n.isEmpty() ? null : n;
    }

    /** The body's {@code data} as stored: JSON text, or null. */
    public static String encode(Body body) {
        ObjectNode n = node(body);
        return n == null ? null : n.toString();
    }

    /** When a post was last edited, or null. */
    public static Instant editedAt(Body body) {
        return switch (body) {
            case Body.Text t -> t.annotations().editedAt();
            case Body.Media m -> m.annotations().editedAt();
            case Body.Deleted d -> null;
            case RoomEvent e -> null;
        };
    }

    /** The text column of a body: a text message's words or a media message's caption. */
    public static String text(Body body) {
        return MessageText.of(body);
    }

    /** Reads back what {@link #encode} and {@link #text} stored; {@code editedAt} comes from its own column. */
    public static Body decode(String kind, String text, String data, Instant editedAt) {
        JsonNode n = parse(data);
        return switch (kind) {
            case Body.Text.KIND -> new Body.Text(text, annotations(n).withEditedAt(editedAt));
            case Body.Deleted.KIND -> new Body.Deleted();
            case "image", "video", "audio", "file" ->
                new Body.Media(attachment(n.path("media")), text, annotations(n).withEditedAt(editedAt));
            case "room.created" -> new RoomEvent.RoomCreated(ids(n, "userIds"));
            case "room.updated" ->
                new RoomEvent.RoomUpdated(
                        string(n, "name"),
                        string(n, "description"),
                        n.hasNonNull("visibility")
                                ? Room.Visibility.fromWire(n.get("visibility").asText())
                                : null,
                        n.hasNonNull("history")
                                ? Room.History.fromWire(n.get("history").asText())
                                : null);
            case "members.added" -> new RoomEvent.MembersAdded(ids(n, "userIds"));
            case "member.joined" -> new RoomEvent.MemberJoined(n.path("userId").asLong(), string(n, "via"));
            case "member.left" -> new RoomEvent.MemberLeft(n.path("userId").asLong());
            case "member.removed" ->
                new RoomEvent.MemberRemoved(n.path("userId").asLong());
            case "member.banned" -> new RoomEvent.MemberBanned(n.path("userId").asLong());
            case "member.unbanned" ->
                new RoomEvent.MemberUnbanned(n.path("userId").asLong());
            case "member.role" ->
                new RoomEvent.MemberRole(
                        n.path("userId").asLong(), Role.fromWire(n.path("role").asText()));
            case "message.deleted" ->
                new RoomEvent.MessageDeleted(
                        n.path("seq").asLong(), n.path("id").asLong());
            case "message.pinned" -> new RoomEvent.MessagePinned(n.path("seq").asLong());
            case "message.unpinned" ->
                new RoomEvent.MessageUnpinned(n.path("seq").asLong());
            default -> throw new IllegalStateException("unknown message kind in store: " + kind);
        };
    }

    /** The upload inside a media message: the upload's own description (as {@code POST /media} answers), paths included. */
    private static void attachment(ObjectNode n, Body.Attachment a) {
        String url = "/api/v1/media/" + a.id();
        n.put("id", a.id()).put("kind", a.kind()).put("type", a.type()).put("size", a.size());
        if (a.name() != null) n.put("name", a.name());
        if (a.width() != null) n.put("width", a.width());
        if (a.height() != null) n.put("height", a.height());
        if (a.durationMs() != null) n.put("durationMs", a.durationMs());
        if (a.placeholder() != null) n.put("placeholder", a.placeholder());
        n.put("url", url);
        if (a.hasThumbnail()) n.put("thumbnailUrl", url + "/thumbnail");
    }

    private static Body.Attachment attachment(JsonNode n) {
        return new Body.Attachment(
                n.path("id").asLong(),
                n.path("kind").asText(),
                n.path("type").asText(),
                n.path("size").asLong(),
                string(n, "name"),
                n.hasNonNull("width") ? n.get("width").asInt() : null,
                n.hasNonNull("height") ? n.get("height").asInt() : null,
                n.hasNonNull("durationMs") ? n.get("durationMs").asLong() : null,
                string(n, "placeholder"),
                n.hasNonNull("thumbnailUrl"));
    }

    private static void annotations(ObjectNode n, Body.Annotations a) {
        if (!a.mentions().isEmpty()) ids(n, "mentions", a.mentions());
        if (a.replyTo() != null) {
            Body.Reply r = a.replyTo();
            ObjectNode q =
                    n.putObject("replyTo").put("id", r.id()).put("seq", r.seq()).put("senderId", r.senderId());
            if (r.preview() != null) q.put("preview", r.preview());
            if (r.deleted()) q.put("deleted", true);
        }
        if (a.forwarded() != null) {
            Body.Forward f = a.forwarded();
            n.putObject("forwarded")
                    .put("senderId", f.senderId())
                    .put("senderName", f.senderName())
                    .put("createdAt", f.createdAt().toString());
        }
    }

    private static Body.Annotations annotations(JsonNode n) {
        Body.Reply reply = null;
        JsonNode r = n.get("replyTo");
        if (r != null && r.isObject()) {
            reply = new Body.Reply(
                    r.path("id").asLong(),
                    r.path("seq").asLong(),
                    r.path("senderId").asLong(),
                    string(r, "preview"),
                    r.path("deleted").asBoolean(false));
        }
        Body.Forward forward = null;
        JsonNode f = n.get("forwarded");
        if (f != null && f.isObject()) {
            forward = new Body.Forward(
                    f.path("senderId").asLong(),
                    string(f, "senderName"),
                    Instant.parse(f.path("createdAt").asText()));
        }
        return new Body.Annotations(ids(n, "mentions"), reply, forward, null);
    }

    private static void ids(ObjectNode n, String field, List<Long> ids) {
        ArrayNode a = n.putArray(field);
        for (long id : ids) a.add(id);
    }

    private static List<Long> ids(JsonNode n, String field) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) return List.of();
        List<Long> out = new ArrayList<>(a.size());
        for (JsonNode id : a) out.add(id.asLong());
        return out;
    }

    private static String string(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode parse(String data) {
        if (data == null) return F.objectNode();
        try {
            return Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored message data is not JSON", e);
        }
    }
}
