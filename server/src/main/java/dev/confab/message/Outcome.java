package dev.confab.message;

import dev.confab.error.ErrorCode;

/** What the store did with one {@link Write} of a committed batch. */
public sealed interface Outcome {
    record Posted(Message message, boolean duplicate) implements Outcome {}

    /** {@code changed} is false when the cursors were already at or past the target. */
    record Moved(Receipt receipt, boolean changed) implements Outcome {}

    record Rejected(ErrorCode code) implements Outcome {}
}
