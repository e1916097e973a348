package dev.confab.wire;

import dev.confab.media.Media;
import java.time.Instant;

/**
 * An upload on the wire, as the upload answer and inside media messages: what a client needs to
 * lay out the message before anything loads (kind, type, size, dimensions, duration, placeholder)
 * and where to fetch the bytes. Absent fields are left out.
 */
public record MediaView(
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
        Instant createdAt) {
    public static MediaView of(Media m) {
        String url = "/api/v1/media/" + m.id();
        return new MediaView(
                m.id(),
                m.kind().wire(),
                m.type(),
                m.size(),
                m.name(),
                m.width(),
                m.height(),
                m.durationMs(),
                m.placeholder(),
                url,
                m.hasThumbnail() ? url + "/thumbnail" : null,
                m.createdAt());
    }
}
