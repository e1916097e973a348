package dev.confab.message;

import java.time.Instant;
import java.util.List;

/**
 * What a message says. Posts by people are {@link Text} or {@link Media};
 * {@link Deleted} is what a post becomes when deleted for everyone; {@link RoomEvent}s are the
 * system messages a room change appends. Only {@code wire/} turns these into JSON.
 */
public sealed interface Body permits Body.Text, Body.Media, Body.Deleted, RoomEvent {
    /** The stable name of this kind of body, as stored and as clients see it. */
    String kind();

    /** A text message written by a member. */
    record Text(String text, Annotations annotations) implements Body {
        public static final String KIND = "text";

        public Text {
            if (text == null) throw new IllegalArgumentException("text");
            if (annotations == null) annotations = Annotations.NONE;
        }

        public Text(String text) {
            this(text, Annotations.NONE);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * An image, video, audio or file message (issue 9): the upload it shows, described in full so
     * a client can lay it out before anything loads, with an optional caption. Its kind is the upload's.
     */
    record Media(Attachment media, String caption, Annotations annotations) implements Body {
        public static final java.util.Set<String> KINDS = java.util.Set.of("image", "video", "audio", "file");

        public Media {
            if (media == null) throw new IllegalArgumentException("media");
            if (annotations == null) annotations = Annotations.NONE;
        }

        @Override
        public String kind() {
            return media.kind();
        }
    }

    /**
     * An upload as a message shows it: {@code kind} image|video|audio|file, the detected
     * {@code type}, and what applies of name, dimensions, duration and placeholder (null otherwise).
     */
    record Attachment(
            long id,
            String kind,
            String type,
            long size,
            String name,
            Integer width,
            Integer height,
            Long durationMs,
            String placeholder,
            boolean hasThumbnail) {
        public Attachment {
            if (!Media.KINDS.contains(kind)) throw new IllegalArgumentException("not a media kind: " + kind);
        }
    }

    /** A post deleted for everyone: same id, seq, sender and time; nothing of what it said. */
    record Deleted() implements Body {
        public static final String KIND = "deleted";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * What is said about a post beyond its content, shared by every kind a person posts:
     * the members it mentions, the message it answers, where it was forwarded from, when it was
     * last edited. Empty lists and nulls mean none.
     */
    record Annotations(List<Long> mentions, Reply replyTo, Forward forwarded, Instant editedAt) {
        public static final Annotations NONE = new Annotations(List.of(), null, null, null);

        public Annotations {
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }

        public Annotations withMentions(List<Long> ids) {
            return new Annotations(ids, replyTo, forwarded, editedAt);
        }

        public Annotations withReplyTo(Reply r) {
            return new Annotations(mentions, r, forwarded, editedAt);
        }

        public Annotations withForwarded(Forward f) {
            return new Annotations(mentions, replyTo, f, editedAt);
        }

        public Annotations withEditedAt(Instant at) {
            return new Annotations(mentions, replyTo, forwarded, at);
        }
    }

    /**
     * The message a post answers, in the same room. {@code preview} is the start of its text, and
     * {@code deleted} says it has since been deleted; both are refreshed whenever the reply is read.
     */
    record Reply(long id, long seq, long senderId, String preview, boolean deleted) {
        public static final int PREVIEW_CHARS = 120;

        /** The first {@link #PREVIEW_CHARS} code points of a text, never splitting a surrogate pair. */
        public static String preview(String text) {
            if (text == null) return null;
            if (text.codePointCount(0, text.length()) <= PREVIEW_CHARS) return text;
            return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
        }
    }

    /**
     * A post copied from another room: who wrote the original and when. The source room and
     * message are deliberately not kept, so the copy reveals nothing of a room its readers are not in.
     */
    record Forward(long senderId, String senderName, Instant createdAt) {}
}
