package dev.confab.message;

import dev.confab.room.Room;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One group-commit transaction as {@link MessageRules} sees it. Every writer holds the stream lock
 * for the whole transaction, so a rule checked here cannot be undone by a concurrent change
 * before the write it allowed is durable.
 */
public interface CommitTx {
    Instant now();

    /** The batch about to be applied, so the adapter may read what it needs in a few queries up front. */
    void prefetch(List<Write> writes);

    /** A message already stored (or appended earlier in this transaction) under the sender's client id. */
    Optional<Message> byClientId(long senderId, String clientId);

    /** The user's membership of the room, active or former; empty when they never were a member. */
    Optional<MemberCursor> member(long roomId, long userId);

    Room.Kind roomKind(long roomId);

    /** Whether newcomers of the room see only what came after their joining (history {@code joined}). */
    boolean hidesEarlierHistory(long roomId);

    /** Whether posting in the room is suspended by a block between its two members. */
    boolean blocked(long roomId);

    /** The active members of the room with these usernames, other than {@code exceptUserId}, by id. */
    List<Long> activeMembersNamed(long roomId, Collection<String> usernames, long exceptUserId);

    /**
     * Message {@code seq} of the room if the user may read it: within their history window (from
     * the start, or from their joining when the room hides earlier history; up to their leaving).
     */
    Optional<Message> readable(long roomId, long userId, long seq);

    /** The user's display name as it is now. */
    String displayName(long userId);

    /** Appends to the room's sequence; written when the transaction finishes. */
    Message append(long roomId, long senderId, String clientId, Body body);

    /** Rewrites the message's body in place and records the edit at the next stream position. */
    MessageChange.Edited edit(Message message, long editorId, Body body);

    /** Adds or removes the user's emoji on the message; empty when that changed nothing. */
    Optional<MessageChange.Reacted> react(Message message, long userId, String emoji, boolean add);

    /** Moves the member's cursors forward (never back), capped at what they can see; true if anything moved. */
    boolean advance(MemberCursor cursor, long delivered, long read);

    /** Records that message {@code seq} mentions the member (the chat list's mention flag). */
    void mention(long roomId, long userId, long seq);

    /** The upload as a message would show it, when it exists and {@code ownerId} uploaded it (issue 9). */
    Optional<Body.Attachment> ownUpload(long mediaId, long ownerId);

    /** Records that message {@code seq} of the room shows the upload: from then on its readers may download it. */
    void attachMedia(long mediaId, long roomId, long seq);
}
