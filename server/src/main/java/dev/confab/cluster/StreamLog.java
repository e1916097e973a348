package dev.confab.cluster;

import dev.confab.fanout.Envelope;
import java.util.List;

/** The store as the source of truth behind the bus: what a node missed is read back from here. */
public interface StreamLog {
    /** The position of the last committed change. */
    long position();

    /** Committed messages with {@code after < pos <= upTo}, ascending, at most {@code limit}, as envelopes. */
    List<Envelope> between(long after, long upTo, int limit);
}
