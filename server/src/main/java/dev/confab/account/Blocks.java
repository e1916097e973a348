package dev.confab.account;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Clock;
import java.util.List;

/** Blocking a user: they cannot open a direct room with me, neither of us can post in ours, and they see nothing of my profile. */
public final class Blocks {
    private final BlockStore store;
    private final ProfileStore profiles;
    private final Clock clock;

    public Blocks(BlockStore store, ProfileStore profiles, Clock clock) {
        this.store = store;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** Idempotent: blocking someone already blocked changes nothing. */
    public void block(Principal who, long userId) {
        if (userId == who.userId())
            throw ConfabException.invalid("userId must be someone else; you cannot block yourself");
        if (profiles.find(userId).isEmpty()) throw new ConfabException(ErrorCode.USER_NOT_FOUND);
        store.block(who.userId(), userId, clock.instant());
    }

    /** Idempotent: unblocking someone not blocked changes nothing. */
    public void unblock(Principal who, long userId) {
        store.unblock(who.userId(), userId);
    }

    public List<BlockStore.Blocked> list(Principal who) {
        return store.blockedBy(who.userId());
    }
}
