package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** A contact came online or went offline ({@code lastSeenAt}: when that happened). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresenceChange(long userId, boolean online, Instant lastSeenAt) {}
