package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The delivery cursors of one member in one room, as of change {@code pos}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Receipt(long roomId, long userId, long delivered, long read, long pos) {}
