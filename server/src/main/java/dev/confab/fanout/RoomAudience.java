package dev.confab.fanout;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Active member ids per room, cached so the hot path does not query membership for every message.
 * Entries are dropped when membership changes; a miss reloads from the store.
 */
public final class RoomAudience {
    private static final long[] NONE = new long[0];
    private final ConcurrentHashMap<Long, long[]> members = new ConcurrentHashMap<>();
    private final LongFunction<long[]> loader;

    public RoomAudience(LongFunction<long[]> loader) {
        this.loader = loader;
    }

    public long[] of(long roomId) {
        long[] cached = members.get(roomId);
        if (cached != null) return cached;
        // computeIfAbsent holds the entry while loading, so an invalidate racing with a load waits
        // and then removes the possibly stale result instead of being overwritten by it.
        // An empty answer (no such room, or nobody left in it) is not cached: rooms probed by
        // outsiders would otherwise pile up in the cache.
        long[] loaded = members.computeIfAbsent(roomId, id -> {
            long[] ids = loader.apply(id);
            return ids.length == 0 ? null : ids;
        });
        return loaded == null ? NONE : loaded;
    }

    public void invalidate(long roomId) {
        members.remove(roomId);
    }
}
