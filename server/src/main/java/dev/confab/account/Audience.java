package dev.confab.account;

import dev.confab.error.ConfabException;
import dev.confab.text.WireName;

/** Who may see one field of a profile. */
public enum Audience implements WireName {
    EVERYONE,
    CONTACTS,
    NOBODY;

    /** Parses a client's choice; anything else is INVALID_FIELD naming {@code field}. */
    public static Audience fromWire(String field, String value) {
        Audience a = WireName.find(Audience.class, value);
        if (a == null) throw ConfabException.invalid(field + " must be one of everyone, contacts, nobody");
        return a;
    }
}
