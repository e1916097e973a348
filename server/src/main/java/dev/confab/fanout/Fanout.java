package dev.confab.fanout;

/**
 * Carries an encoded frame to the devices of some users, wherever they are connected. The local
 * implementation serves one node; a Redis implementation of the same interface spans several.
 */
public interface Fanout {
    /**
     * Delivers {@code frame} to every connected device of {@code userIds} except {@code excludeConnection}.
     * {@code userIds} must be in ascending order without repeats (room audiences are), so that a big
     * audience can be intersected with the few users online instead of walked in full.
     */
    void publish(long[] userIds, String frame, long excludeConnection);

    /** Closes every socket of a revoked session. */
    void closeSession(long sessionId);
}
