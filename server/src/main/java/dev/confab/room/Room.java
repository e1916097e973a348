package dev.confab.room;

import java.time.Instant;
import java.util.Locale;

/**
 * A conversation. {@code visibility} says whether it is listed in the directory and open to join;
 * {@code history} whether newcomers see messages from before they joined.
 */
public record Room(
        long id,
        Kind kind,
        String name,
        String description,
        Long creatorId,
        Instant createdAt,
        long lastSeq,
        Visibility visibility,
        History history,
        long memberCount) {
    public enum Kind {
        DIRECT,
        GROUP,
        CHANNEL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public enum Visibility {
        PRIVATE,
        PUBLIC;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Visibility fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public enum History {
        /** Newcomers see the whole history. */
        ALL,
        /** Newcomers see from the event that brought them in. */
        JOINED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static History fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
