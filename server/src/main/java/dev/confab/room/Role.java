package dev.confab.room;

import dev.confab.text.WireName;

/** A member's role in a room, highest first. What each may do is in {@link Permissions} and docs/permissions.md. */
public enum Role implements WireName {
    OWNER,
    ADMIN,
    MODERATOR,
    MEMBER,
    READONLY;

    /** Higher outranks lower; a member acts only on members of lower rank. */
    public int rank() {
        return values().length - ordinal();
    }

    public boolean outranks(Role other) {
        return rank() > other.rank();
    }

    public static Role fromWire(String s) {
        return WireName.parse(Role.class, s);
    }
}
