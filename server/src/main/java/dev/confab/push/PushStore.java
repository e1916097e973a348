package dev.confab.push;

import dev.confab.notify.Level;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Push targets, the planner's view of the stream, and the durable outbox. */
public interface PushStore {
    /** The VAPID key pair, created with {@code generate} and kept on first use. */
    KeyPair vapidKeys(Supplier<KeyPair> generate);

    /** Adds the target, or moves an existing one with the same (kind, appId, address) to this session. */
    PushTarget saveTarget(PushTarget target, Instant now);

    List<PushTarget> targets(long userId);

    Optional<PushTarget> target(long id);

    boolean removeTarget(long userId, long targetId);

    /** Removes the targets of a session that ended (logout, revocation), with their pending pushes. */
    void removeSessionTargets(long sessionId);

    /** Removes the targets (and their pending pushes) of sessions that expired or were revoked; how many. */
    int removeLapsedTargets(Instant now);

    /** Removes targets the push service or gateway said are gone, with their pending pushes. */
    void removeTargets(Collection<Long> targetIds);

    // --- planning

    /** Where planning stopped; changes after this stream position are not planned yet. */
    long plannedPosition();

    /**
     * The committed changes after {@code after}, at most {@code maxMessages} messages' worth: the
     * text messages, the members who could be pushed to in their rooms (those with a push target),
     * and the reads that reached a seq a push announced.
     */
    Work work(long after, int maxMessages, Instant now);

    record Work(
            long end,
            List<Posted> messages,
            Map<Long, RoomInfo> rooms,
            Map<Long, List<Candidate>> candidates,
            Map<Long, String> senderNames,
            List<Read> reads) {}

    /** The targets of these users whose sessions are still active, by user. */
    Map<Long, List<PushTarget>> activeTargets(Collection<Long> userIds, Instant now);

    /** Unread messages across each user's active rooms (the badge count). */
    Map<Long, Long> unread(Collection<Long> userIds);

    /** The newest seq a push announced to a user in a room. */
    record Badge(long userId, long roomId, long seq) {}

    record Posted(long id, long roomId, long seq, long senderId, String text, long[] mentions, Instant createdAt) {}

    record RoomInfo(long id, boolean direct, String name) {}

    /** A member with somewhere to push to, and what decides whether a message notifies them. */
    record Candidate(
            long userId,
            long joinedSeq,
            long readSeq,
            Level roomLevel,
            Long mutedUntilMs,
            Level accountLevel,
            boolean previews) {}

    /** A member read up to {@code readSeq}, at or past the {@code announcedSeq} a push announced. */
    record Read(long userId, long roomId, long readSeq, long announcedSeq) {}

    /** One push to one target. */
    record Planned(long targetId, String payload, String topic, String urgency) {}

    /**
     * Stores the plan and moves the planned position from {@code from} to {@code end}, in one
     * transaction; stores nothing and returns false when the position is no longer {@code from}
     * (another node's planner stored these changes first).
     */
    boolean plan(List<Planned> pushes, List<Badge> announced, List<Read> cleared, long from, long end, Instant now);

    // --- sending

    record Pending(long id, PushTarget target, String payload, String topic, String urgency, int attempts) {}

    /**
     * Takes pushes that are due for this sender: each is held until {@code heldUntil}, so the
     * senders of other nodes on the same store pass over it meanwhile (a sender that dies holding
     * one leaves it to be sent again after that).
     */
    List<Pending> claimDue(Instant now, Instant heldUntil, int limit);

    /** When the next push falls due, if any is pending. */
    Optional<Instant> nextDue();

    /** Takes a push out of the outbox: delivered, or given up. */
    void remove(long outboxId);

    void retry(long outboxId, int attempts, Instant nextAt);
}
