package dev.confab.message;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

public interface MessageStore {
    /**
     * Runs {@code work} in one writing transaction holding the stream lock, writes what it
     * appended and moved, then reads its result (stream positions are final only then). Either
     * everything is durable when this returns, or it throws and nothing was written.
     */
    <T> T write(Instant now, Function<CommitTx, Supplier<T>> work);

    /**
     * Up to {@code fetch} messages of the room visible to the user, in ascending seq, or empty when
     * the user is not (and never was) a member.
     */
    Optional<List<Message>> page(long userId, long roomId, HistoryQuery query, int fetch);

    /** Delivery state of one message: empty when the user may not see the room; MESSAGE_NOT_FOUND when they may but it has no such message. */
    Optional<MessageReceipts> receipts(long userId, long roomId, long seq);

    /** Ids of messages in a room visible to the user, mapped to their seqs; empty when the user is not an active member. */
    Optional<List<Long>> seqsOf(long userId, long roomId, List<Long> messageIds);

    /**
     * The reactions of these messages, per message in order of first reaction, with at most
     * {@code usersPerEmoji} user ids each (earliest first): one query for a whole page.
     */
    Map<Long, List<ReactionCount>> reactions(long viewerId, Collection<Long> messageIds, int usersPerEmoji);

    /** The messages of the room at these seqs within the user's history window (what replies on their page quote). */
    List<Message> messagesAt(long userId, long roomId, Collection<Long> seqs);

    /**
     * Message {@code seq} if the user may read it (their history window); empty when they may not
     * see the room; MESSAGE_NOT_FOUND when they may but the seq is not in their window.
     */
    Optional<Message> readable(long userId, long roomId, long seq);

    record MessageReceipts(long seq, List<Long> delivered, List<Long> read) {}
}
