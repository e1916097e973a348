package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** An invite link; {@code expiresAt} and {@code maxUses} are null when unlimited. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Invite(
        String code, long roomId, long createdBy, Instant createdAt, Instant expiresAt, Integer maxUses, int uses) {}
