package dev.confab.fanout;

/** The devices connected to this node. */
public interface LocalDelivery {
    void deliver(long[] userIds, String frame, long excludeConnection);

    void closeSession(long sessionId);
}
