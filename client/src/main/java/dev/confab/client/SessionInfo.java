package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionInfo(long id, String device, Instant createdAt, Instant lastUsedAt, boolean current) {}
