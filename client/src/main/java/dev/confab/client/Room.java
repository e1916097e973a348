package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** A room; {@code kind} is {@code "direct"} or {@code "group"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Room(long id, String kind, String name, String description, Long creatorId, Instant createdAt,
                   long lastSeq) {}
