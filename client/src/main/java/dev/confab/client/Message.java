package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A committed message. {@code data} is null when absent or JSON {@code null}, so callers need only
 * one check; system messages ({@code room.created}, {@code members.added}) carry it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Message(long id, long roomId, long seq, long senderId, String clientId, String kind, String text,
                      JsonNode data, Instant createdAt) {
    public Message {
        if (data != null && data.isNull()) {
            data = null;
        }
    }

    /** The upload an image, video, audio or file message shows ({@code data.media}); null for other kinds. */
    public MediaInfo media() {
        return data != null && data.hasNonNull("media") ? Json.decode(data.get("media"), MediaInfo.class) : null;
    }
}
