package dev.confab.message;

import java.time.Instant;

/**
 * One entry of a room's sequence. {@code id} is its position in the global change stream;
 * {@code seq} is gapless within the room. System messages (room changes) carry JSON in {@code data}.
 */
public record Message(long id, long roomId, long seq, long senderId, String clientId, String kind, String text, String data, Instant createdAt) {
    public static final String TEXT = "text";
    public static final String ROOM_CREATED = "room.created";
    public static final String MEMBERS_ADDED = "members.added";
}
