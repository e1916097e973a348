package dev.confab.room;

import dev.confab.text.WireName;
import java.time.Instant;

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
    public enum Kind implements WireName {
        DIRECT,
        GROUP,
        CHANNEL;

        public static Kind fromWire(String s) {
            return WireName.parse(Kind.class, s);
        }
    }

    public enum Visibility implements WireName {
        PRIVATE,
        PUBLIC;

        public static Visibility fromWire(String s) {
            return WireName.parse(Visibility.class, s);
        }
    }

    public enum History implements WireName {
        /** Newcomers see the whole history. */
        ALL,
        /** Newcomers see from the event that brought them in. */
        JOINED;

        public static History fromWire(String s) {
            return WireName.parse(History.class, s);
        }
    }
}
