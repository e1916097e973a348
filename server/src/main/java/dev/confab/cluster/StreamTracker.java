package dev.confab.cluster;

import java.util.TreeSet;

/**
 * Which stream positions this node has delivered. Everything at or below {@link #contiguous()} is
 * done (delivered from the bus or replayed from the store); above it, the positions that arrived
 * early are remembered so that neither the bus nor a replay delivers them twice. A gap that stays
 * open past a grace period is filled from the store.
 *
 * <p>Positions are final once a higher one is committed: the store hands them out under one lock
 * in commit order, so a gap below a received position is a missed envelope (or a position no
 * envelope carries, such as a sender's own cursor), never a write still in flight.
 */
final class StreamTracker {
    private long contiguous;
    private final TreeSet<Long> above = new TreeSet<>();
    /** When the current gap opened (millis), or -1 when there is none. */
    private long gapSince = -1;

    StreamTracker(long start) {
        this.contiguous = start;
    }

    /** Claims a position for delivery: false if it was delivered already (a duplicate to drop). */
    synchronized boolean accept(long pos, long nowMillis) {
        if (pos <= contiguous || !above.add(pos)) return false;
        advance();
        if (!above.isEmpty() && gapSince < 0) gapSince = nowMillis;
        return true;
    }

    /** Marks everything up to {@code upTo} done (after a replay delivered what the store held). */
    synchronized void skipTo(long upTo) {
        if (upTo <= contiguous) return;
        contiguous = upTo;
        above.headSet(upTo, true).clear();
        advance();
        gapSince = above.isEmpty() ? -1 : gapSince;
    }

    private void advance() {
        while (!above.isEmpty() && above.first() == contiguous + 1) contiguous = above.pollFirst();
        if (above.isEmpty()) gapSince = -1;
    }

    synchronized long contiguous() {
        return contiguous;
    }

    /** The highest position received, if a gap below it has been open for at least {@code graceMillis}; else -1. */
    synchronized long overdueGapEnd(long nowMillis, long graceMillis) {
        return gapSince >= 0 && nowMillis - gapSince >= graceMillis ? above.last() : -1;
    }
}
