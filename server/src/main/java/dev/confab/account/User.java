package dev.confab.account;

import java.time.Instant;

public record User(long id, String username, String displayName, Instant createdAt, Instant lastSeenAt) {}
