package dev.confab.room;

import java.util.Locale;

/** What a member may try to do in a room; the permission matrix is in {@link Permissions}. */
public enum Action {
    POST, INVITE, REMOVE, BAN, EDIT_INFO, CHANGE_ROLES, DELETE_OTHERS, PIN, MANAGE_INVITES;

    public String wire() { return name().toLowerCase(Locale.ROOT); }
}
