package dev.confab.notify;

import dev.confab.error.ConfabException;
import java.util.Locale;

/** How much of a room's traffic notifies a member (NTF-3). */
public enum Level {
    /** Every message from someone else. */
    ALL,
    /** Only messages that mention me. */
    MENTIONS,
    /** Nothing. */
    NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Level fromWire(String s) {
        for (Level l : values()) if (l.wire().equals(s)) return l;
        throw ConfabException.invalid("level must be one of all, mentions, none");
    }
}
