package dev.confab.message;

import dev.confab.error.ErrorCode;

/** What the store did with one {@link Write} of a committed batch. */
public sealed interface Outcome {
    /**
     * {@code senderCursor}: the sender's cursors, moved to the new message, when this write is the
     * one to announce them; null for a duplicate.
     */
    record Posted(Message message, boolean duplicate, Receipt senderCursor) implements Outcome {
        public Posted(Message message, boolean duplicate) {
            this(message, duplicate, null);
        }
    }

    /** {@code changed} is false when the cursors were already at or past the target. */
    record Moved(Receipt receipt, boolean changed) implements Outcome {}

    /**
     * An edit or reaction committed; {@code change} is null when it changed nothing (the same
     * text again, a reaction already there or already gone), and then nothing is announced.
     * {@code message} is the message as it stands after the change.
     */
    record Changed(Message message, MessageChange change) implements Outcome {}

    /** {@code message} is for people (null: the code's default). */
    record Rejected(ErrorCode code, String message) implements Outcome {
        public Rejected(ErrorCode code) {
            this(code, null);
        }
    }
}
