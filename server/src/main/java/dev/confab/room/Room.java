package dev.confab.room;

import java.time.Instant;

public record Room(long id, Kind kind, String name, String description, Long creatorId, Instant createdAt, long lastSeq) {
    public enum Kind {
        DIRECT, GROUP;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Kind fromWire(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
    }
}
