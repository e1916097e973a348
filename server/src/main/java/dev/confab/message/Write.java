package dev.confab.message;

/** A change that goes through the group-commit path. */
public sealed interface Write {
    long roomId();

    /** A text message from a member. */
    record Post(long roomId, long senderId, String clientId, String text) implements Write {}

    /** An image, video, audio or file message showing one of the sender's uploads, with an optional caption (issue 9). */
    record MediaPost(long roomId, long senderId, String clientId, long mediaId, String caption) implements Write {}

    /** Move a member's cursors forward to at least these seqs (0 leaves one alone). */
    record CursorMove(long roomId, long userId, long delivered, long read) implements Write {}
}
