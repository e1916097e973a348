package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A room; {@code kind} is {@code "direct"}, {@code "group"} or {@code "channel"}, {@code visibility}
 * {@code "private"} or {@code "public"}, {@code history} {@code "all"} or {@code "joined"}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Room(
        long id,
        String kind,
        String name,
        String description,
        Long creatorId,
        Instant createdAt,
        long lastSeq,
        String visibility,
        String history,
        long memberCount) {}
