package dev.confab.account;

import java.time.Instant;

/** One signed-in device. The token itself is never stored, only its hash. */
public record Session(
        long id,
        long userId,
        String device,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {
    public boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
