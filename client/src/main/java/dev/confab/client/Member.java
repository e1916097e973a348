package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A membership. {@code delivered} and {@code read} are null where I may not see them (another
 * member's, when I am a channel's reader); {@code leftSeq} is set only on my own former membership.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Member(long userId, String role, Long delivered, Long read, Long leftSeq) {}
