package dev.confab.message;

import java.time.Instant;

/**
 * One entry of a room's sequence. {@code id} is its position in the global change stream;
 * {@code seq} is gapless within the room. What it says is its {@link Body}.
 */
public record Message(long id, long roomId, long seq, long senderId, String clientId, Body body, Instant createdAt) {
    public Message {
        if (body == null) throw new IllegalArgumentException("body");
    }

    public String kind() {
        return body.kind();
    }

    /** The words of a post; null for tombstones and room events. */
    public String text() {
        return MessageText.of(body);
    }

    public Message withBody(Body b) {
        return new Message(id, roomId, seq, senderId, clientId, b, createdAt);
    }
}
