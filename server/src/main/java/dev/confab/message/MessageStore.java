package dev.confab.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface MessageStore {
    /**
     * Applies all writes in one transaction and returns one outcome per write, in order. Either the
     * whole batch is durable when this returns, or it throws and nothing of it was written.
     */
    List<Outcome> commit(List<Write> writes, Instant now);

    /**
     * Up to {@code fetch} messages of the room visible to the user, in ascending seq, or empty when
     * the user is not (and never was) a member.
     */
    Optional<List<Message>> page(long userId, long roomId, HistoryQuery query, int fetch);

    /** Delivery state of one message: empty when the user may not see the room; MESSAGE_NOT_FOUND when they may but it has no such message. */
    Optional<MessageReceipts> receipts(long userId, long roomId, long seq);

    /** Ids of messages in a room visible to the user, mapped to their seqs; empty when the user is not an active member. */
    Optional<List<Long>> seqsOf(long userId, long roomId, List<Long> messageIds);

    record MessageReceipts(long seq, List<Long> delivered, List<Long> read) {}
}
