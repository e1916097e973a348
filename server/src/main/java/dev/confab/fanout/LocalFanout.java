package dev.confab.fanout;

/** Fan-out within one process: straight to this node's connections. */
public final class LocalFanout implements Fanout {
    private final LocalDelivery local;

    public LocalFanout(LocalDelivery local) {
        this.local = local;
    }

    @Override
    public void publish(long[] userIds, String frame, long excludeConnection) {
        local.deliver(userIds, frame, excludeConnection);
    }

    @Override
    public void closeSession(long sessionId) {
        local.closeSession(sessionId);
    }
}
