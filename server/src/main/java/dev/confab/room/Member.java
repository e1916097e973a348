package dev.confab.room;

/** A user's place in a room. {@code leftSeq} is null while they are in it. */
public record Member(long roomId, long userId, Role role, long joinedSeq, Long leftSeq, long delivered, long read) {
    public boolean active() { return leftSeq == null; }
}
