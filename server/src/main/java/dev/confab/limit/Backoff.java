package dev.confab.limit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failures counted per key, with a growing wait: the first {@code free} failures cost nothing, then
 * every further one doubles the wait, starting at {@code first} and never beyond {@code max}. A key
 * quiet for {@code forgetAfter} starts over. The wait is a delay, never a lock: whoever causes
 * failures can hold a key back by at most {@code max} per failure they actually make.
 */
public final class Backoff<K> {
    private final int free;
    private final long firstNanos;
    private final long maxNanos;
    private final long forgetNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<K, State> states = new ConcurrentHashMap<>();

    private record State(int failures, long lastFailure, long blockedUntil) {}

    public Backoff(int free, Duration first, Duration max, Duration forgetAfter, LongSupplier nanoClock) {
        if (free < 0 || first.isNegative() || max.compareTo(first) < 0)
            throw new IllegalArgumentException("a backoff needs 0 <= first <= max");
        this.free = free;
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.forgetNanos = forgetAfter.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Nanoseconds until {@code key} may try again; 0 when it may now. */
    public long waitNanos(K key) {
        State s = states.get(key);
        return s == null ? 0 : Math.max(0, s.blockedUntil - nanoClock.getAsLong());
    }

    public void failed(K key) {
        long now = nanoClock.getAsLong();
        states.compute(key, (k, s) -> {
            int failures = s == null || now - s.lastFailure > forgetNanos ? 1 : s.failures + 1;
            return new State(failures, now, failures < free ? now : now + delayAfter(failures - free));
        });
    }

    /** Forgets the key's failures. */
    public void succeeded(K key) {
        states.remove(key);
    }

    /** Drops keys quiet long enough to be forgotten (each atomically with concurrent failures). */
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (K key : states.keySet()) {
            states.computeIfPresent(
                    key, (k, s) -> now - s.lastFailure > forgetNanos && now >= s.blockedUntil ? null : s);
        }
    }

    int size() {
        return states.size();
    }

    /** {@code first} doubled {@code doublings} times, capped at {@code max} (without overflowing). */
    private long delayAfter(int doublings) {
        long d = firstNanos;
        for (int i = 0; i < doublings && d < maxNanos; i++) d *= 2;
        return Math.min(d, maxNanos);
    }
}
