package dev.confab.fanout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongFunction;

/**
 * Active member ids per room, cached so the hot path does not query membership for every message.
 * The cache holds at most {@code maxRooms} rooms (least used go first) and entries are dropped when
 * membership changes; a miss reloads from the store.
 *
 * <p>A load runs outside any lock of the cache, so a slow query for one room never holds up
 * another room (nor the commit thread fanning out to it). A load that started before an
 * invalidation of its room may have read the old membership: each room hashes to a generation
 * counter that {@link #invalidate} bumps, and a load's result is cached only if its room's counter
 * is unchanged at the moment of caching (checked inside the cache's per-key compute, which the
 * invalidation's removal also goes through). Two rooms sharing a counter only cost an uncached load.
 */
public final class RoomAudience {
    private static final long[] NONE = new long[0];
    private static final int GENERATIONS = 4096; // a power of two

    private final Cache<Long, long[]> members;
    private final AtomicLongArray generations = new AtomicLongArray(GENERATIONS);
    private final LongFunction<long[]> loader;

    public RoomAudience(LongFunction<long[]> loader, long maxRooms) {
        this.loader = loader;
        this.members = Caffeine.newBuilder().maximumSize(maxRooms).build();
    }

    public long[] of(long roomId) {
        long[] cached = members.getIfPresent(roomId);
        if (cached != null) return cached;
        int slot = slot(roomId);
        long generation = generations.get(slot);
        long[] loaded = loader.apply(roomId);
        // An empty answer (no such room, or nobody left in it) is not cached: rooms probed by
        // outsiders would otherwise fill the cache.
        if (loaded.length == 0) return NONE;
        members.asMap().compute(roomId, (id, current) -> generations.get(slot) == generation ? loaded : current);
        return loaded;
    }

    public void invalidate(long roomId) {
        generations.incrementAndGet(slot(roomId));
        members.invalidate(roomId);
    }

    /** Rooms held in the cache now (after pending evictions ran). */
    long cachedRooms() {
        members.cleanUp();
        return members.estimatedSize();
    }

    private static int slot(long roomId) {
        return Long.hashCode(roomId * 0x9E3779B97F4A7C15L) & (GENERATIONS - 1);
    }
}
