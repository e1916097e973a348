package dev.confab.limit;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-user token buckets for one kind of action: a burst of {@code count}, refilled evenly over
 * the window. With {@link SharedBuckets} (several nodes) the bucket is shared by every node; when the
 * shared store cannot answer, or on a single node, the bucket is this node's, in memory.
 */
public final class RateLimiter {
    private final String name;
    private final String what;
    private final SharedBuckets shared;
    private final long windowNanos;
    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    /** Immutable, so a bucket is only ever changed by replacing it inside the map's per-key compute. */
    private record Bucket(double tokens, long at) {
        double tokensAt(long now, double tokensPerNano, int capacity) {
            return Math.min(capacity, tokens + Math.max(0, now - at) * tokensPerNano);
        }
    }

    /**
     * @param name  the bucket family's key in the shared store ({@code send}, {@code read})
     * @param what  what is limited, for the error message ("messages")
     */
    public RateLimiter(String name, String what, RateRule rule, SharedBuckets shared, LongSupplier nanoClock) {
        this.name = name;
        this.what = what;
        this.shared = shared;
        this.windowNanos = rule.window().toNanos();
        this.capacity = rule.count();
        this.tokensPerNano = (double) rule.count() / rule.window().toNanos();
        this.nanoClock = nanoClock;
    }

    public RateLimiter(String name, String what, RateRule rule, SharedBuckets shared) {
        this(name, what, rule, shared, System::nanoTime);
    }

    /** A limiter of this node alone. */
    public RateLimiter(String what, RateRule rule, LongSupplier nanoClock) {
        this("local", what, rule, SharedBuckets.NONE, nanoClock);
    }

    /** A limiter of this node alone. */
    public RateLimiter(String what, RateRule rule) {
        this(what, rule, System::nanoTime);
    }

    /** Takes one token for the user, or throws RATE_LIMITED with the wait until one is back. */
    public void acquire(long userId) {
        long waitNanos = tryAcquire(userId);
        if (waitNanos > 0) {
            long ms = Math.max(1, (waitNanos + 999_999) / 1_000_000);
            throw new ConfabException(ErrorCode.RATE_LIMITED, "Too many " + what + "; retry in " + ms + " ms.", ms);
        }
    }

    /**
     * 0 when a token was taken, otherwise the nanoseconds until one will be there. Reading, refilling
     * and taking happen inside one {@code compute} on the user's key, as does {@link #sweep}'s removal,
     * so a sweep can never drop a bucket between this call fetching it and taking from it (which
     * would hand out a token from a bucket no longer in the map, then a fresh full one after it).
     */
    long tryAcquire(long userId) {
        OptionalLong everywhere = shared.tryAcquire(name + ":" + userId, capacity, windowNanos);
        if (everywhere.isPresent()) return everywhere.getAsLong();
        long now = nanoClock.getAsLong();
        long[] wait = new long[1];
        buckets.compute(userId, (id, b) -> {
            double tokens = b == null ? capacity : b.tokensAt(now, tokensPerNano, capacity);
            long at = b == null ? now : Math.max(b.at(), now); // a caller that read the clock earlier may come second
            if (tokens >= 1) return new Bucket(tokens - 1, at);
            wait[0] = (long) Math.ceil((1 - tokens) / tokensPerNano);
            return new Bucket(tokens, at);
        });
        return wait[0];
    }

    /** Drops buckets that are full again, so idle users cost no memory. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (Long userId : buckets.keySet()) {
            buckets.computeIfPresent(
                    userId, (id, b) -> b.tokensAt(now, tokensPerNano, capacity) >= capacity ? null : b);
        }
    }

    /** How many users hold a bucket (those not full again since their last action). */
    int trackedUsers() {
        return buckets.size();
    }
}
