package dev.confab.media;

import java.util.Locale;

/** What an upload is for the people who see it; also the message kind that carries it. */
public enum MediaKind {
    IMAGE,
    VIDEO,
    AUDIO,
    FILE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MediaKind fromWire(String s) {
        for (MediaKind k : values()) {
            if (k.wire().equals(s)) return k;
        }
        throw new IllegalArgumentException("not a media kind: " + s);
    }
}
