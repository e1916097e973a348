package dev.confab.limit;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failures counted per key, with a growing wait: the first {@code free} failures cost nothing, then
 * every further one doubles the wait, starting at {@code first} and never beyond {@code max}. A key
 * quiet for {@code forgetAfter} starts over. The wait is a delay, never a lock: whoever causes
 * failures can hold a key back by at most {@code max} per failure they actually make.
 *
 * <p>With a {@link SharedBackoff} (several nodes) the shared count decides the wait; this node
 * counts its own failures too, so that when the shared store cannot answer the wait falls back to
 * what this node saw rather than to none.
 */
public final class Backoff<K> {
    private final String name;
    private final SharedBackoff shared;
    private final Rule rule;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<K, State> states = new ConcurrentHashMap<>();

    private record State(int failures, long lastFailure, long blockedUntil) {}

    /** The numbers of a backoff, in nanoseconds, as the shared store needs them too. */
    public record Rule(int free, long firstNanos, long maxNanos, long forgetNanos) {
        /** {@code first} doubled {@code doublings} times, capped at {@code max} (without overflowing). */
        long delayAfter(int doublings) {
            long d = firstNanos;
            for (int i = 0; i < doublings && d < maxNanos; i++) d *= 2;
            return Math.min(d, maxNanos);
        }
    }

    /**
     * @param name the key family in the shared store ({@code login-pair}); keys are {@code name:key}
     */
    public Backoff(
            String name,
            SharedBackoff shared,
            int free,
            Duration first,
            Duration max,
            Duration forgetAfter,
            LongSupplier nanoClock) {
        if (free < 0 || first.isNegative() || max.compareTo(first) < 0)
            throw new IllegalArgumentException("a backoff needs 0 <= first <= max");
        this.name = name;
        this.shared = shared;
        this.rule = new Rule(free, first.toNanos(), max.toNanos(), forgetAfter.toNanos());
        this.nanoClock = nanoClock;
    }

    /** A backoff of this node alone. */
    public Backoff(int free, Duration first, Duration max, Duration forgetAfter, LongSupplier nanoClock) {
        this("local", SharedBackoff.NONE, free, first, max, forgetAfter, nanoClock);
    }

    /** Nanoseconds until {@code key} may try again; 0 when it may now. */
    public long waitNanos(K key) {
        OptionalLong everywhere = shared.waitNanos(sharedKey(key));
        if (everywhere.isPresent()) return everywhere.getAsLong();
        State s = states.get(key);
        return s == null ? 0 : Math.max(0, s.blockedUntil - nanoClock.getAsLong());
    }

    public void failed(K key) {
        long now = nanoClock.getAsLong();
        states.compute(key, (k, s) -> {
            int failures = s == null || now - s.lastFailure > rule.forgetNanos() ? 1 : s.failures + 1;
            return new State(
                    failures, now, failures < rule.free() ? now : now + rule.delayAfter(failures - rule.free()));
        });
        shared.failed(sharedKey(key), rule);
    }

    /** Forgets the key's failures. */
    public void succeeded(K key) {
        states.remove(key);
        shared.forget(sharedKey(key));
    }

    private String sharedKey(K key) {
        return name + ":" + key;
    }

    /** Drops keys quiet long enough to be forgotten (each atomically with concurrent failures). */
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (K key : states.keySet()) {
            states.computeIfPresent(
                    key, (k, s) -> now - s.lastFailure > rule.forgetNanos() && now >= s.blockedUntil ? null : s);
        }
    }

    int size() {
        return states.size();
    }
}
