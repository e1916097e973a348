package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A committed message; {@code duplicate} is true when its {@code clientId} had been seen before. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendResult(Message message, boolean duplicate) {}
