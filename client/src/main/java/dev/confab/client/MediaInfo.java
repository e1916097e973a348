package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * An upload as the server describes it: in the upload's answer and in a media message's
 * {@code data.media}. {@code type} is what the server detected from the bytes. {@code url} and
 * {@code thumbnailUrl} are paths relative to the server. Absent fields are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MediaInfo(
        long id,
        String kind,
        String type,
        long size,
        String name,
        Integer width,
        Integer height,
        Long durationMs,
        String placeholder,
        String url,
        String thumbnailUrl,
        Instant createdAt) {}
