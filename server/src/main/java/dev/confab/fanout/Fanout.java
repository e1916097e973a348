package dev.confab.fanout;

/**
 * Carries an encoded frame to the devices of some users, wherever they are connected. The local
 * implementation serves one node; a Redis implementation of the same interface spans several.
 */
public interface Fanout {
    /** Delivers {@code frame} to every connected device of {@code userIds} except {@code excludeConnection}. */
    void publish(long[] userIds, String frame, long excludeConnection);

    /** Closes every socket of a revoked session. */
    void closeSession(long sessionId);
}
