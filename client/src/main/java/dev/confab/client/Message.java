package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A committed message. {@code data} is null when absent or JSON {@code null}, so callers need only
 * one check; system messages ({@code room.created}, {@code members.added}) carry it, and so do
 * posts with mentions ({@code mentions}), replies ({@code replyTo}) and forwards ({@code forwarded}).
 * {@code editedAt} is set once the text was edited; {@code reactions} come with history (empty otherwise).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Message(
        long id,
        long roomId,
        long seq,
        long senderId,
        String clientId,
        String kind,
        String text,
        JsonNode data,
        Instant createdAt,
        Instant editedAt,
        List<Reaction> reactions) {
    public Message {
        if (data != null && data.isNull()) {
            data = null;
        }
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    public Message(
            long id,
            long roomId,
            long seq,
            long senderId,
            String clientId,
            String kind,
            String text,
            JsonNode data,
            Instant createdAt) {
        this(id, roomId, seq, senderId, clientId, kind, text, data, createdAt, null, List.of());
    }

    /** The message this one answers ({@code data.replyTo}), or null. */
    public JsonNode replyTo() {
        return data == null ? null : data.get("replyTo");
    }

    /** Where a forwarded message came from ({@code data.forwarded}: original sender and time), or null. */
    public JsonNode forwarded() {
        return data == null ? null : data.get("forwarded");
    }

    /** This message with an edit applied: new kind, text, data, and the time of the edit. */
    public Message edited(Edit e) {
        return new Message(
                id, roomId, seq, senderId, clientId, e.kind(), e.text(), e.data(), createdAt, e.editedAt(), reactions);
    }

    public Message withReactions(List<Reaction> r) {
        return new Message(id, roomId, seq, senderId, clientId, kind, text, data, createdAt, editedAt, r);
    }

    /** The upload an image, video, audio or file message shows ({@code data.media}); null for other kinds. */
    public MediaInfo media() {
        return data != null && data.hasNonNull("media") ? Json.decode(data.get("media"), MediaInfo.class) : null;
    }
}
