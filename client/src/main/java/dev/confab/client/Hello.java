package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The first frame on a socket; {@code pos} is the server's stream position at connect time. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hello(User user, long sessionId, long pos) {}
