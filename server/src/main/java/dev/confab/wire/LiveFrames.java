package dev.confab.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** Ephemeral socket frames: presence, typing, and the plain acknowledgement (docs/protocol.md). Never stored. */
public final class LiveFrames {
    private LiveFrames() {}

    @JsonPropertyOrder({"type"})
    public record Presence(String type, long userId, boolean online, Instant lastSeenAt) {
        public Presence(long userId, boolean online, Instant lastSeenAt) {
            this("presence", userId, online, lastSeenAt);
        }
    }

    /** {@code expiresInMs} is set on "started": the receiver hides the indicator after it unless refreshed. */
    @JsonPropertyOrder({"type"})
    public record Typing(String type, long roomId, long userId, boolean active, Long expiresInMs) {
        public Typing(long roomId, long userId, boolean active, Long expiresInMs) {
            this("typing", roomId, userId, active, expiresInMs);
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Ok(String type, String ref) {
        public Ok(String ref) {
            this("ok", ref);
        }
    }
}
