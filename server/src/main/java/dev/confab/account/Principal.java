package dev.confab.account;

import java.time.Instant;

/** Who is calling: an authenticated user through one of their sessions, which ends at {@code sessionExpiresAt}. */
public record Principal(User user, long sessionId, Instant sessionExpiresAt) {
    public long userId() {
        return user.id();
    }
}
