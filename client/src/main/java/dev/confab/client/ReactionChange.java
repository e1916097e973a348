package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A {@code reaction} event (live or in sync): {@code userId} added or removed {@code emoji}; {@code count} is the total after it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReactionChange(
        long pos, long roomId, long seq, long messageId, long userId, String emoji, boolean added, int count) {}
