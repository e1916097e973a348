package dev.confab.room;

import dev.confab.text.WireName;

/** What a member may try to do in a room; the permission matrix is in {@link Permissions}. */
public enum Action implements WireName {
    POST,
    INVITE,
    REMOVE,
    BAN,
    EDIT_INFO,
    CHANGE_ROLES,
    DELETE_OTHERS,
    PIN,
    MANAGE_INVITES,
    /** See every member and their cursors (receipts); without it, in a channel, a member sees only who runs it and themselves. */
    SEE_READERS;
}
