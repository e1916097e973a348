package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Someone started ({@code active}) or stopped typing; a start shows for {@code expiresInMs} unless refreshed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Typing(long roomId, long userId, boolean active, Long expiresInMs) {}
