package dev.confab.inbox;

import java.util.List;

/** The per-user views across rooms, answered from room and member rows, never by scanning messages. */
public interface InboxStore {
    List<ChatEntry> chatList(long userId, int limit);

    List<RoomUnread> unread(long userId);

    /** Changes visible to the user with {@code since < pos <= the stream position read}, at most {@code limit}. */
    SyncBatch sync(long userId, long since, int limit);

    long streamPosition();

    record RoomUnread(long roomId, long unread) {}

    record SyncBatch(List<SyncEvent> events, long next, boolean more) {}
}
