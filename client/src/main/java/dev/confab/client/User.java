package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** A user as the server shows it; {@code lastSeenAt} may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(long id, String username, String displayName, Instant lastSeenAt) {}
