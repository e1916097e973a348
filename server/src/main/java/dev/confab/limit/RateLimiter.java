package dev.confab.limit;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-user token buckets for one kind of action: a burst of {@code count}, refilled evenly over
 * the window. In memory, so each node limits on its own; that bounds abuse without a round trip.
 */
public final class RateLimiter {
    private final String what;
    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(String what, RateRule rule, LongSupplier nanoClock) {
        this.what = what;
        this.capacity = rule.count();
        this.tokensPerNano = (double) rule.count() / rule.window().toNanos();
        this.nanoClock = nanoClock;
    }

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

    /** 0 when a token was taken, otherwise the nanoseconds until one will be there. */
    long tryAcquire(long userId) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(userId, k -> new Bucket(capacity, now));
        synchronized (b) {
            b.tokens = Math.min(capacity, b.tokens + (now - b.at) * tokensPerNano);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / tokensPerNano);
        }
    }

    /** Drops buckets that are full again, so idle users cost no memory. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().at) * tokensPerNano >= capacity;
            }
        });
    }
}
