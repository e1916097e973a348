package dev.confab.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The member cache of fan-out, with a loader written for the test (the SQL query is tested in the store tests). */
class RoomAudienceTest {
    /** Members per room as the "database" has them now; room 1 can be made to hang in its load. */
    private final Map<Long, long[]> database = new ConcurrentHashMap<>();

    private final AtomicInteger loads = new AtomicInteger();
    private final CountDownLatch slowLoadEntered = new CountDownLatch(1);
    private final CountDownLatch releaseSlowLoad = new CountDownLatch(1);
    private volatile boolean roomOneIsSlow;

    private long[] load(long roomId) {
        loads.incrementAndGet();
        long[] answer = database.getOrDefault(roomId, new long[0]);
        if (roomId == 1 && roomOneIsSlow) {
            slowLoadEntered.countDown();
            try {
                releaseSlowLoad.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer;
    }

    /** Not the common pool: on a two-core machine it has one worker, which the slow load would hold. */
    private static CompletableFuture<long[]> onItsOwnThread(Supplier<long[]> call) {
        CompletableFuture<long[]> result = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> result.complete(call.get()));
        return result;
    }

    @Test
    void aSlowLoadOfOneRoomDoesNotHoldUpAnother() throws Exception {
        RoomAudience audience = new RoomAudience(this::load, 100);
        database.put(1L, new long[] {1, 2});
        database.put(17L, new long[] {3}); // 1 and 17 share a bin of a small ConcurrentHashMap
        roomOneIsSlow = true;
        CompletableFuture<long[]> slow = onItsOwnThread(() -> audience.of(1));
        try {
            assertThat(slowLoadEntered.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<long[]> other = onItsOwnThread(() -> audience.of(17));
            assertThat(other.get(20, TimeUnit.SECONDS)).containsExactly(3);
        } finally {
            releaseSlowLoad.countDown();
        }
        assertThat(slow.get(30, TimeUnit.SECONDS)).containsExactly(1, 2);
    }

    @Test
    void aLoadThatRacedAMembershipChangeIsNotCached() throws Exception {
        RoomAudience audience = new RoomAudience(this::load, 100);
        database.put(1L, new long[] {1, 2});
        roomOneIsSlow = true;
        CompletableFuture<long[]> stale = onItsOwnThread(() -> audience.of(1));
        assertThat(slowLoadEntered.await(30, TimeUnit.SECONDS)).isTrue();
        // Member 2 leaves and the change commits while the load that read {1, 2} is still on its way.
        database.put(1L, new long[] {1});
        Thread invalidation = Thread.ofPlatform().start(() -> audience.invalidate(1));
        invalidation.join(20_000);
        assertThat(invalidation.isAlive())
                .as("an invalidation does not wait for a load")
                .isFalse();
        releaseSlowLoad.countDown();
        assertThat(stale.get(30, TimeUnit.SECONDS)).containsExactly(1, 2);
        roomOneIsSlow = false;
        assertThat(audience.of(1)).as("the racing load was not cached").containsExactly(1);
        assertThat(loads.get()).isEqualTo(2);
        assertThat(audience.of(1)).containsExactly(1);
        assertThat(loads.get()).as("a fresh load is cached").isEqualTo(2);
    }

    @Test
    void theCacheHoldsAtMostItsBoundOfRoomsAndForgetsEmptyOnes() {
        RoomAudience audience = new RoomAudience(this::load, 50);
        for (long room = 1; room <= 1000; room++) {
            database.put(room, new long[] {room});
            assertThat(audience.of(room)).containsExactly(room);
        }
        assertThat(audience.cachedRooms()).isBetween(1L, 50L);
        assertThat(audience.of(5000)).isEmpty();
        assertThat(audience.of(5000)).isEmpty();
        assertThat(loads.get()).as("nobody's room is asked again, not cached").isEqualTo(1002);
    }
}
