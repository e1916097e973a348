package dev.confab.fanout;

/**
 * The bus: carries envelopes to the devices they concern, wherever those are connected. The local
 * implementation serves one node; {@code cluster.RedisBus} spans several.
 */
public interface Fanout {
    /** Delivers on this node now and on every other node as soon as the bus carries it there. */
    Reach publish(Envelope envelope);

    /** Who among an envelope's audience had a live device (on any node) when asked: Web Push skips them. */
    @FunctionalInterface
    interface Reach {
        /** Ascending user ids; computed only when asked, so publishing costs nothing extra. */
        long[] usersWithLiveDevice();
    }
}
