package dev.confab.account;

import java.time.Instant;
import java.util.List;

/**
 * Blocks between users. Blocking and unblocking also keep the {@code blocked} count of the pair's
 * direct room (if any) in the same transaction, which is what the posting path checks.
 */
public interface BlockStore {
    /** False when the block already existed. */
    boolean block(long blockerId, long blockedId, Instant now);

    /** False when there was no such block. */
    boolean unblock(long blockerId, long blockedId);

    /** The users {@code blockerId} blocks, newest first. */
    List<Blocked> blockedBy(long blockerId);

    record Blocked(long userId, String username, String displayName, Instant createdAt) {}
}
