package dev.confab.message;

import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * One entry of a room's sequence. {@code id} is its position in the global change stream;
 * {@code seq} is gapless within the room. System messages (room changes) carry JSON in {@code data}.
 */
public record Message(long id, long roomId, long seq, long senderId, String clientId, String kind, String text, String data, Instant createdAt) {
    public static final String TEXT = "text";
    /** What a deleted message becomes: same id, seq, sender and time; no text or data. */
    public static final String DELETED = "deleted";
    public static final String ROOM_CREATED = "room.created";
    public static final String ROOM_UPDATED = "room.updated";
    public static final String MEMBERS_ADDED = "members.added";
    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_LEFT = "member.left";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String MEMBER_BANNED = "member.banned";
    public static final String MEMBER_UNBANNED = "member.unbanned";
    public static final String MEMBER_ROLE = "member.role";
    public static final String MESSAGE_DELETED = "message.deleted";
    public static final String MESSAGE_PINNED = "message.pinned";
    public static final String MESSAGE_UNPINNED = "message.unpinned";

    /** The JSON {@code data} {"field":[id,...]} that system messages ({@code userIds}) and mentions ({@code mentions}) carry. */
    public static String idsData(String field, Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{\"" + field + "\":[", "]}"));
    }
}
