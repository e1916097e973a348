package dev.confab.account;

import dev.confab.error.ConfabException;
import java.util.Locale;

/** Who may see one field of a profile. */
public enum Audience {
    EVERYONE,
    CONTACTS,
    NOBODY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a client's choice; anything else is INVALID_FIELD naming {@code field}. */
    public static Audience fromWire(String field, String value) {
        for (Audience a : values()) {
            if (a.wire().equals(value)) return a;
        }
        throw ConfabException.invalid(field + " must be one of everyone, contacts, nobody");
    }
}
