package dev.confab.inbox;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import java.util.List;

/** The chat list, unread counts and offline catch-up of one user. */
public final class Inbox {
    // a browser opening for the first time lists every room at once (web client: 1,000 rooms)
    public static final int MAX_CHAT_LIST = 1000;
    public static final int MAX_SYNC_BATCH = 500;
    public static final int DEFAULT_SYNC_BATCH = 200;

    private final InboxStore store;
    private final RateLimiter reads;

    public Inbox(InboxStore store, RateLimiter reads) {
        this.store = store;
        this.reads = reads;
    }

    public record ChatList(List<ChatEntry> rooms, long totalUnread) {}

    public ChatList chatList(Principal who, int limit) {
        if (limit > MAX_CHAT_LIST)
            throw new ConfabException(ErrorCode.LIMIT_TOO_LARGE, "limit must be at most " + MAX_CHAT_LIST);
        if (limit < 1) throw ConfabException.invalid("limit must be at least 1");
        return new ChatList(store.chatList(who.userId(), limit), unread(who).total());
    }

    public record Unread(long total, List<InboxStore.RoomUnread> rooms) {}

    public Unread unread(Principal who) {
        List<InboxStore.RoomUnread> rooms = store.unread(who.userId());
        return new Unread(
                rooms.stream().mapToLong(InboxStore.RoomUnread::unread).sum(), rooms);
    }

    public InboxStore.SyncBatch sync(Principal who, long since, int limit) {
        if (since < 0) throw ConfabException.invalid("since must not be negative");
        if (limit > MAX_SYNC_BATCH)
            throw new ConfabException(ErrorCode.LIMIT_TOO_LARGE, "limit must be at most " + MAX_SYNC_BATCH);
        if (limit < 1) throw ConfabException.invalid("limit must be at least 1");
        reads.acquire(who.userId());
        return store.sync(who.userId(), since, limit);
    }

    public long position() {
        return store.streamPosition();
    }
}
