package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The operator's rules for uploads: which detected types count as each kind, how large each kind
 * may be, the pixel limit for images, each user's storage quota, and how long an upload may wait
 * to be attached to a message before it is removed.
 *
 * @param types       per kind, the detected media types that make an upload that kind; for
 *                    {@link MediaKind#FILE}, the types accepted as plain files, where {@code *} means any
 * @param maxBytes    per kind, the largest upload
 * @param maxPixels   the largest image (width x height) that is decoded at all
 * @param quotaBytes  the most bytes of uploads one user may keep (each upload counts, even when its bytes are shared)
 */
public record MediaPolicy(
        Map<MediaKind, Set<String>> types,
        Map<MediaKind, Long> maxBytes,
        long maxPixels,
        long quotaBytes,
        int thumbnailSide,
        Duration unattachedTtl) {
    public static final String ANY = "*";

    public MediaPolicy {
        types = Map.copyOf(new EnumMap<>(types));
        maxBytes = Map.copyOf(new EnumMap<>(maxBytes));
        for (MediaKind k : MediaKind.values()) {
            if (!types.containsKey(k) || !maxBytes.containsKey(k))
                throw new IllegalArgumentException("no rule for " + k.wire());
        }
    }

    /** The kind an upload of this detected type is: the first whose list names it; else a file. */
    public MediaKind kindOf(String mediaType) {
        for (MediaKind k : new MediaKind[] {MediaKind.IMAGE, MediaKind.VIDEO, MediaKind.AUDIO}) {
            if (types.get(k).contains(mediaType)) return k;
        }
        return MediaKind.FILE;
    }

    /** Refuses a type that is no kind's and not accepted as a plain file either. */
    public void checkAccepted(MediaKind kind, String mediaType) {
        if (kind != MediaKind.FILE) return;
        Set<String> files = types.get(MediaKind.FILE);
        if (!files.contains(ANY) && !files.contains(mediaType)) {
            throw new ConfabException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Uploads of type " + mediaType + " are not accepted here.");
        }
    }

    public long maxBytes(MediaKind kind) {
        return maxBytes.get(kind);
    }

    /** The largest upload of any kind: what a declared Content-Length is checked against before reading. */
    public long maxUploadBytes() {
        return maxBytes.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
