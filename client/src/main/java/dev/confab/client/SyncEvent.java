package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One sync event: {@code type} is {@code "message"} (then {@code message} is set) or {@code "receipt"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncEvent(String type, Message message, Receipt receipt) {}
