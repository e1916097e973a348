package dev.confab.message;

import java.util.List;

/**
 * One emoji on a message: how many reacted with it, who (the first ones, or all when asked for
 * one message), and whether the reader is among them.
 */
public record ReactionCount(String emoji, int count, List<Long> userIds, boolean mine) {}
