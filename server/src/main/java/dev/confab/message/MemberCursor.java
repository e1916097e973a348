package dev.confab.message;

import dev.confab.room.Role;

/** A member's place in a room as one commit transaction sees it: role, whether still in, and delivery cursors. */
public interface MemberCursor {
    long roomId();

    long userId();

    Role role();

    /** False once the member left or was removed; their cursor still exists, frozen at that point. */
    boolean active();

    /** The cursors as they stand now; the stream position is final only after the transaction's rows are written. */
    Receipt receipt();
}
