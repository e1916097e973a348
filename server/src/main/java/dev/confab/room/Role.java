package dev.confab.room;

import java.util.Locale;

/** A member's role in a room. The full permission matrix is in docs/permissions.md. */
public enum Role {
    OWNER, ADMIN, MODERATOR, MEMBER, READONLY;

    public boolean canAddMembers() {
        return this == OWNER || this == ADMIN;
    }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Role fromWire(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
