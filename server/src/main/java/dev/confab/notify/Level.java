package dev.confab.notify;

import dev.confab.error.ConfabException;
import dev.confab.text.WireName;

/** How much of a room's traffic notifies a member (NTF-3). */
public enum Level implements WireName {
    /** Every message from someone else. */
    ALL,
    /** Only messages that mention me. */
    MENTIONS,
    /** Nothing. */
    NONE;

    public static Level fromWire(String s) {
        Level l = WireName.find(Level.class, s);
        if (l == null) throw ConfabException.invalid("level must be one of all, mentions, none");
        return l;
    }
}
