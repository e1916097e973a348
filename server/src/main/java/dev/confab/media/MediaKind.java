package dev.confab.media;

import dev.confab.text.WireName;

/** What an upload is for the people who see it; also the message kind that carries it. */
public enum MediaKind implements WireName {
    IMAGE,
    VIDEO,
    AUDIO,
    FILE;

    public static MediaKind fromWire(String s) {
        return WireName.parse(MediaKind.class, s);
    }
}
