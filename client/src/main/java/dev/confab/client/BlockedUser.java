package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

@JsonIgnoreProperties(ignoreUnknown = true)
public record BlockedUser(long userId, String username, String displayName, Instant createdAt) {}
