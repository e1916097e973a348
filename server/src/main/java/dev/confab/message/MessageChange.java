package dev.confab.message;

import java.time.Instant;

/**
 * A change to a message already in a room (an edit, a reaction), at its own position {@code pos}
 * in the change stream. It does not take a seq: it never makes the room unread. Live frames and
 * sync carry the same record, so replaying it is idempotent.
 */
public sealed interface MessageChange {
    long pos();

    long roomId();

    long seq();

    long messageId();

    /** The message's new body (text, mentions re-evaluated) and when it was edited. */
    record Edited(long pos, long roomId, long seq, long messageId, long editorId, Body body, Instant editedAt)
            implements MessageChange {}

    /** {@code userId} added ({@code added}) or removed {@code emoji}; {@code count} is how many have it now. */
    record Reacted(long pos, long roomId, long seq, long messageId, long userId, String emoji, boolean added, int count)
            implements MessageChange {}
}
