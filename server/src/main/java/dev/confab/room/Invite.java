package dev.confab.room;

import java.time.Instant;

/** An invite link to a room. {@code maxUses} and {@code expiresAt} are null when unlimited. */
public record Invite(
        long id,
        long roomId,
        String code,
        long createdBy,
        Instant createdAt,
        Instant expiresAt,
        Integer maxUses,
        int uses,
        Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean usedUp() {
        return maxUses != null && uses >= maxUses;
    }
}
