package dev.confab.limit;

import java.util.OptionalLong;

/**
 * Token buckets every node sees (Redis in a cluster), so a user's limit is one budget wherever their
 * devices connect. Unreliable by contract: when it cannot answer, the limiter falls back to this
 * node's own bucket, so a lost Redis loosens limits to per node and never refuses a request.
 */
public interface SharedBuckets {
    /**
     * Takes one token from bucket {@code key} (a burst of {@code capacity}, refilled evenly over
     * {@code windowNanos}): 0 when taken, otherwise the nanoseconds until one is back; empty when
     * the shared store could not answer.
     */
    OptionalLong tryAcquire(String key, int capacity, long windowNanos);

    /** A single node: nothing shared. */
    SharedBuckets NONE = (key, capacity, windowNanos) -> OptionalLong.empty();
}
