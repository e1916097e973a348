package dev.confab.fanout;

/** The devices connected to this node. */
public interface LocalDelivery {
    /** {@code userIds} ascending, as for {@link Fanout#publish}. */
    void deliver(long[] userIds, String frame, long excludeConnection);

    void closeSession(long sessionId);
}
