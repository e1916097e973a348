package dev.confab.text;

import java.util.Locale;

/**
 * An enum whose constants travel (in JSON and in the store's columns) as their lower-case names.
 * The one place that spelling rule lives; each enum decides for itself what an unknown name means.
 */
public interface WireName {
    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} whose wire name is exactly {@code s}, or null. */
    static <E extends Enum<E> & WireName> E find(Class<E> type, String s) {
        return s == null ? null : type.cast(WireNameIndex.BY_TYPE.get(type).get(s));
    }

    /** Like {@link #find}, for names that come from our own store or code: an unknown one is a bug. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String s) {
        E e = find(type, s);
        if (e == null) throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + s);
        return e;
    }
}
