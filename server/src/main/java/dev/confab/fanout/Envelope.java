package dev.confab.fanout;

/**
 * One thing for the devices, addressed so that any node can resolve who gets it: by room (the
 * audience is looked up where the devices are) or by user. {@code pos} is the stream position of a
 * committed change (0 for ephemeral signals: typing, presence), which lets a node that missed it on
 * the bus find it again in the store.
 */
public record Envelope(
        Kind kind,
        Audience audience,
        long roomId,
        long pos,
        long[] userIds,
        String frame,
        long excludeConnection,
        long exceptUser,
        boolean audienceChanged,
        long sessionId) {
    private static final long[] NONE = new long[0];

    public enum Kind {
        ROOM,
        USERS,
        CLOSE_SESSION
    }

    /** Who of a room: its active members, or those of them who see everyone's cursors (a channel's readers do not). */
    public enum Audience {
        MEMBERS,
        CURSOR_OBSERVERS
    }

    /**
     * A committed change of a room, for its members; {@code audienceChanged} when membership may have
     * changed (each node reloads its cached audience first); {@code alsoNotify}: sorted user ids that
     * just left and still get this event.
     */
    public static Envelope roomEvent(
            long roomId, long pos, String frame, long excludeConnection, boolean audienceChanged, long[] alsoNotify) {
        return new Envelope(
                Kind.ROOM, Audience.MEMBERS, roomId, pos, alsoNotify, frame, excludeConnection, 0, audienceChanged, 0);
    }

    /** A member's moved cursors, for the room's cursor observers and the member's own devices. */
    public static Envelope receipt(long roomId, long pos, long userId, String frame, long excludeConnection) {
        return new Envelope(
                Kind.ROOM,
                Audience.CURSOR_OBSERVERS,
                roomId,
                pos,
                new long[] {userId},
                frame,
                excludeConnection,
                0,
                false,
                0);
    }

    /** An ephemeral signal for a room's members other than {@code exceptUser} (typing). */
    public static Envelope roomSignal(long roomId, long exceptUser, String frame, long excludeConnection) {
        return new Envelope(
                Kind.ROOM, Audience.MEMBERS, roomId, 0, NONE, frame, excludeConnection, exceptUser, false, 0);
    }

    /** {@code userIds} ascending without repeats. */
    public static Envelope toUsers(long[] userIds, String frame, long excludeConnection) {
        return new Envelope(Kind.USERS, Audience.MEMBERS, 0, 0, userIds, frame, excludeConnection, 0, false, 0);
    }

    public static Envelope closeSession(long sessionId) {
        return new Envelope(Kind.CLOSE_SESSION, Audience.MEMBERS, 0, 0, NONE, null, 0, 0, false, sessionId);
    }

    /** The same envelope without a socket to skip: connection ids are per node, so only the origin may skip one. */
    public Envelope forOtherNodes() {
        return excludeConnection == 0
                ? this
                : new Envelope(kind, audience, roomId, pos, userIds, frame, 0, exceptUser, audienceChanged, sessionId);
    }
}
