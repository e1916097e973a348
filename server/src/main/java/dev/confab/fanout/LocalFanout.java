package dev.confab.fanout;

import dev.confab.presence.Presence;

/** The bus of a single node: straight to this node's connections. */
public final class LocalFanout implements Fanout {
    private final NodeDelivery node;
    private final Presence presence;

    public LocalFanout(NodeDelivery node, Presence presence) {
        this.node = node;
        this.presence = presence;
    }

    @Override
    public Reach publish(Envelope envelope) {
        node.deliver(envelope);
        return () -> presence.onlineAmong(node.recipients(envelope));
    }
}
