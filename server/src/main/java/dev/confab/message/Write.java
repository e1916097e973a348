package dev.confab.message;

/** A change that goes through the group-commit path. */
public sealed interface Write {
    long roomId();

    /** A text message from a member; {@code replyTo} is the seq of the message it answers in the same room, or null. */
    record Post(long roomId, long senderId, String clientId, String text, Long replyTo) implements Write {
        public Post(long roomId, long senderId, String clientId, String text) {
            this(roomId, senderId, clientId, text, null);
        }
    }

    /** An image, video, audio or file message showing one of the sender's uploads, with an optional caption (issue 9). */
    record MediaPost(long roomId, long senderId, String clientId, long mediaId, String caption) implements Write {}

    /** Move a member's cursors forward to at least these seqs (0 leaves one alone). */
    record CursorMove(long roomId, long userId, long delivered, long read) implements Write {}

    /** Posts a copy of message {@code fromSeq} of room {@code fromRoomId} into {@code roomId}. */
    record Forward(long roomId, long senderId, String clientId, long fromRoomId, long fromSeq) implements Write {}

    /** Replaces the text of the editor's own message {@code seq}. */
    record Edit(long roomId, long editorId, long seq, String text) implements Write {}

    /** Adds ({@code add}) or removes the user's {@code emoji} on message {@code seq}. */
    record React(long roomId, long userId, long seq, String emoji, boolean add) implements Write {}
}
