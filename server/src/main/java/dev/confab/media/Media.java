package dev.confab.media;

import java.time.Instant;

/**
 * One upload: who uploaded it, what it is, and where its bytes and thumbnail are. Several uploads
 * of the same bytes share one blob ({@code blobKey}, the SHA-256) but each is its own row.
 * {@code width}, {@code height}, {@code durationMs}, the thumbnail and the placeholder are null
 * where they do not apply or were not given.
 */
public record Media(
        long id,
        long ownerId,
        MediaKind kind,
        String type,
        long size,
        String name,
        Integer width,
        Integer height,
        Long durationMs,
        String blobKey,
        String thumbKey,
        String thumbType,
        Long thumbSize,
        String placeholder,
        Instant createdAt) {
    public boolean hasThumbnail() {
        return thumbKey != null;
    }
}
