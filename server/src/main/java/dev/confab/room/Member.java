package dev.confab.room;

/**
 * A user's place in a room. {@code leftSeq} is null while they are in it; {@code delivered} and
 * {@code read} are null where the viewer may not see them (another member's, to a channel's reader).
 */
public record Member(long roomId, long userId, Role role, long joinedSeq, Long leftSeq, Long delivered, Long read) {
    public boolean active() {
        return leftSeq == null;
    }

    /** The membership as shown to someone who may not see its cursors. */
    public Member withoutCursors() {
        return new Member(roomId, userId, role, joinedSeq, leftSeq, null, null);
    }
}
