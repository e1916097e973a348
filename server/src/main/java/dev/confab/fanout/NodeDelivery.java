package dev.confab.fanout;

import java.util.Arrays;
import java.util.stream.LongStream;

/** Hands an envelope to this node's sockets, resolving a room's audience here, where the devices are. */
public final class NodeDelivery {
    private final LocalDelivery sockets;
    private final RoomAudience audience;

    public NodeDelivery(LocalDelivery sockets, RoomAudience audience) {
        this.sockets = sockets;
        this.audience = audience;
    }

    public void deliver(Envelope e) {
        switch (e.kind()) {
            case ROOM -> {
                if (e.audienceChanged()) audience.invalidate(e.roomId());
                sockets.deliver(recipients(e), e.frame(), e.excludeConnection());
            }
            case USERS -> sockets.deliver(e.userIds(), e.frame(), e.excludeConnection());
            case CLOSE_SESSION -> sockets.closeSession(e.sessionId());
        }
    }

    /** Everyone the envelope is for, ascending. */
    public long[] recipients(Envelope e) {
        return switch (e.kind()) {
            case ROOM -> {
                long[] members = audience.of(e.roomId());
                if (e.exceptUser() != 0) members = Arrays.stream(members).filter(u -> u != e.exceptUser()).toArray();
                yield e.userIds().length == 0 ? members
                        : LongStream.concat(LongStream.of(members), LongStream.of(e.userIds())).sorted().distinct().toArray();
            }
            case USERS -> e.userIds();
            case CLOSE_SESSION -> new long[0];
        };
    }
}
