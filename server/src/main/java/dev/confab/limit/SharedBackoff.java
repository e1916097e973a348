package dev.confab.limit;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Failure counts with growing waits, and remembered marks, that every node sees (Redis in a
 * cluster), so a guesser who spreads wrong passwords over the nodes behind a round-robin proxy is
 * slowed down as if there were one. Unreliable by contract, like {@link SharedBuckets}: an empty
 * answer means the store could not answer, and the node's own memory decides.
 */
public interface SharedBackoff {
    /** Nanoseconds until {@code key} may try again, 0 when it may now; empty when unanswered. */
    OptionalLong waitNanos(String key);

    /** Counts a failure for {@code key} under {@code rule}; whether the store took it. */
    boolean failed(String key, Backoff.Rule rule);

    /** Forgets {@code key}'s failures. */
    void forget(String key);

    /** Remembers {@code key} for {@code forNanos}. */
    void mark(String key, long forNanos);

    /** Whether {@code key} is remembered; empty when unanswered. */
    Optional<Boolean> marked(String key);

    /** A single node: nothing shared. */
    SharedBackoff NONE = new SharedBackoff() {
        @Override
        public OptionalLong waitNanos(String key) {
            return OptionalLong.empty();
        }

        @Override
        public boolean failed(String key, Backoff.Rule rule) {
            return false;
        }

        @Override
        public void forget(String key) {}

        @Override
        public void mark(String key, long forNanos) {}

        @Override
        public Optional<Boolean> marked(String key) {
            return Optional.empty();
        }
    };
}
