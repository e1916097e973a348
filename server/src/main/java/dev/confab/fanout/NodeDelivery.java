package dev.confab.fanout;

import java.util.Arrays;
import java.util.stream.LongStream;

/** Hands an envelope to this node's sockets, resolving a room's audience here, where the devices are. */
public final class NodeDelivery {
    private final LocalDelivery sockets;
    private final RoomAudience members;
    private final RoomAudience cursorObservers;

    /**
     * @param members         the active members of each room
     * @param cursorObservers the active members of each room who see everyone's cursors (in a channel
     *                        only those allowed to see its readers)
     */
    public NodeDelivery(LocalDelivery sockets, RoomAudience members, RoomAudience cursorObservers) {
        this.sockets = sockets;
        this.members = members;
        this.cursorObservers = cursorObservers;
    }

    public void deliver(Envelope e) {
        switch (e.kind()) {
            case ROOM -> {
                if (e.audienceChanged()) {
                    members.invalidate(e.roomId());
                    cursorObservers.invalidate(e.roomId());
                }
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
                long[] ids = (e.audience() == Envelope.Audience.MEMBERS ? members : cursorObservers).of(e.roomId());
                if (e.exceptUser() != 0)
                    ids = Arrays.stream(ids).filter(u -> u != e.exceptUser()).toArray();
                yield e.userIds().length == 0
                        ? ids
                        : LongStream.concat(LongStream.of(ids), LongStream.of(e.userIds()))
                                .sorted()
                                .distinct()
                                .toArray();
            }
            case USERS -> e.userIds();
            case CLOSE_SESSION -> new long[0];
        };
    }
}
