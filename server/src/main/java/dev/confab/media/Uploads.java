package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The upload pipeline and the way back out: receive a stream into a staged file while hashing it,
 * detect the type from its bytes, apply the operator's rules (kind, size, quota, rate), make image
 * thumbnails on the bounded image pool, store the blob once per distinct content, and record one
 * media row per upload. Reading checks the catalog's access rule first.
 */
public final class Uploads {
    /** Client-supplied facts about video and audio, which the server does not decode; all optional. */
    public record Details(String name, Integer width, Integer height, Long durationMs, Long posterId) {
        public static final Details NONE = new Details(null, null, null, null, null);
    }

    /** A blob a reader may have: which one, its type and length, and how it may be shown. */
    public record Readable(Media media, String key, String type, long length, boolean thumbnail) {}

    static final int MAX_SIDE_CLAIMED = 16_384;
    private static final java.util.Set<String> AVATAR_TYPES =
            java.util.Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    static final long MAX_DURATION_MS = Duration.ofDays(1).toMillis();
    private static final int MAX_NAME_CHARS = 255;
    private static final int SWEEP_BATCH = 500;

    private final MediaCatalog catalog;
    private final MediaStore blobs;
    private final MediaPolicy policy;
    private final ImageProcessor images;
    private final ImageWorkers workers;
    private final RateLimiter rate;
    private final Path staging;
    private final Clock clock;

    public Uploads(
            MediaCatalog catalog,
            MediaStore blobs,
            MediaPolicy policy,
            ImageWorkers workers,
            RateLimiter rate,
            Path staging,
            Clock clock) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.policy = policy;
        this.images = new ImageProcessor(policy.maxPixels(), policy.thumbnailSide());
        this.workers = workers;
        this.rate = rate;
        this.staging = staging;
        this.clock = clock;
        clearStaging();
    }

    public MediaPolicy policy() {
        return policy;
    }

    public ImageProcessor images() {
        return images;
    }

    /**
     * Receives one upload. {@code declaredLength} (-1 when unknown) is checked before anything is
     * read; the real length is enforced while the bytes arrive.
     */
    public Media upload(long who, InputStream body, long declaredLength, Details details) {
        rate.acquire(who);
        if (declaredLength > policy.maxUploadBytes()) throw tooLarge(policy.maxUploadBytes());
        if (declaredLength > 0 && catalog.usedBytes(who) + declaredLength > policy.quotaBytes()) {
            throw new ConfabException(ErrorCode.QUOTA_EXCEEDED);
        }
        String name = cleanName(details.name());
        String[] detected = new String[1];
        try (StagedFile staged = StagedFile.receive(body, staging, head -> {
            detected[0] = Sniffer.detect(head);
            MediaKind kind = policy.kindOf(detected[0]);
            policy.checkAccepted(kind, detected[0]);
            return policy.maxBytes(kind);
        })) {
            if (staged.size() == 0) throw ConfabException.invalid("the body must be the file's bytes");
            String type = detected[0];
            MediaKind kind = policy.kindOf(type);
            return switch (kind) {
                case IMAGE -> {
                    noClaims(details);
                    yield image(who, staged, type, name);
                }
                case VIDEO, AUDIO -> timed(who, staged, kind, type, name, details);
                case FILE -> plain(who, staged, kind, type, name, details);
            };
        }
    }

    /**
     * A new avatar through the same pipeline: streamed and hashed, an image by its bytes, at most
     * {@code maxBytes}, {@code maxSide} pixels a side and {@code maxPixels} in all (read from the
     * header before decoding), decoded on the image pool; it replaces the user's previous avatar
     * (whose blob goes when nothing else uses it) in one transaction. Avatars have their own rate
     * limit, applied by the caller before the body is read.
     */
    public Media avatar(long who, InputStream body, long declaredLength, long maxBytes, int maxSide, long maxPixels) {
        if (declaredLength > maxBytes)
            throw new ConfabException(ErrorCode.TOO_LARGE, "Avatars may be at most " + maxBytes + " bytes.");
        String[] detected = new String[1];
        try (StagedFile staged = StagedFile.receive(body, staging, head -> {
            detected[0] = Sniffer.detect(head);
            if (head.length == 0) throw ConfabException.invalid("the body must be the image's bytes");
            if (!AVATAR_TYPES.contains(detected[0])) throw new ConfabException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            return maxBytes;
        })) {
            String type = detected[0];
            ImageProcessor.Processed p = workers.run(() -> {
                ImageProcessor.Header h = images.header(staged.path(), type);
                if (h.width() > maxSide || h.height() > maxSide || (long) h.width() * h.height() > maxPixels) {
                    throw new ConfabException(
                            ErrorCode.TOO_LARGE,
                            "Avatars may be at most " + maxSide + " pixels a side and " + maxPixels
                                    + " pixels in all; this one is " + h.width() + "x" + h.height() + ".");
                }
                return images.process(staged.path(), type);
            });
            Media row = new Media(
                    0,
                    who,
                    MediaKind.IMAGE,
                    type,
                    staged.size(),
                    null,
                    p.width(),
                    p.height(),
                    null,
                    staged.sha256(),
                    sha256(p.thumbnail()),
                    p.thumbnailType(),
                    (long) p.thumbnail().length,
                    p.placeholder(),
                    clock.instant());
            Media saved = catalog.replaceAvatar(who, row, blobs::delete);
            try {
                putBlobs(saved, staged, p.thumbnail());
            } catch (RuntimeException e) {
                catalog.replaceAvatar(who, null, blobs::delete);
                throw e;
            }
            return saved;
        }
    }

    /** Removes the user's avatar, if any. */
    public void removeAvatar(long who) {
        catalog.replaceAvatar(who, null, blobs::delete);
    }

    /** Opens a whole blob by key, for callers that decided access themselves (avatars and their privacy rules). */
    public Optional<MediaStore.Blob> openBlob(String key) {
        return blobs.get(key, 0, -1);
    }

    private Media image(long who, StagedFile staged, String type, String name) {
        ImageProcessor.Processed p = workers.run(() -> images.process(staged.path(), type));
        String thumbKey = sha256(p.thumbnail());
        Media row = new Media(
                0,
                who,
                MediaKind.IMAGE,
                type,
                staged.size(),
                name,
                p.width(),
                p.height(),
                null,
                staged.sha256(),
                thumbKey,
                p.thumbnailType(),
                (long) p.thumbnail().length,
                p.placeholder(),
                clock.instant());
        return store(row, staged, p.thumbnail());
    }

    private Media timed(long who, StagedFile staged, MediaKind kind, String type, String name, Details d) {
        Integer width = d.width();
        Integer height = d.height();
        if ((width == null) != (height == null))
            throw ConfabException.invalid("give both width and height, or neither");
        if (width != null && kind == MediaKind.AUDIO) throw ConfabException.invalid("audio has no width or height");
        if (width != null && (width < 1 || height < 1 || width > MAX_SIDE_CLAIMED || height > MAX_SIDE_CLAIMED)) {
            throw ConfabException.invalid("width and height must be 1-" + MAX_SIDE_CLAIMED);
        }
        if (d.durationMs() != null && (d.durationMs() < 0 || d.durationMs() > MAX_DURATION_MS)) {
            throw ConfabException.invalid("durationMs must be 0-" + MAX_DURATION_MS);
        }
        Media poster = d.posterId() == null
                ? null
                : catalog.find(d.posterId())
                        .filter(m -> m.ownerId() == who && m.kind() == MediaKind.IMAGE && m.hasThumbnail())
                        .orElseThrow(() -> ConfabException.invalid("posterId must be an image I uploaded"));
        Media row = new Media(
                0,
                who,
                kind,
                type,
                staged.size(),
                name,
                width,
                height,
                d.durationMs(),
                staged.sha256(),
                poster == null ? null : poster.thumbKey(),
                poster == null ? null : poster.thumbType(),
                poster == null ? null : poster.thumbSize(),
                poster == null ? null : poster.placeholder(),
                clock.instant());
        return store(row, staged, null);
    }

    /** Images are measured here, and files have nothing to describe: claims are only for video and audio. */
    private static void noClaims(Details d) {
        if (d.width() != null || d.height() != null || d.durationMs() != null || d.posterId() != null) {
            throw ConfabException.invalid("width, height, durationMs and posterId are for video and audio only");
        }
    }

    private Media plain(long who, StagedFile staged, MediaKind kind, String type, String name, Details d) {
        noClaims(d);
        return store(
                new Media(
                        0,
                        who,
                        kind,
                        type,
                        staged.size(),
                        name,
                        null,
                        null,
                        null,
                        staged.sha256(),
                        null,
                        null,
                        null,
                        null,
                        clock.instant()),
                staged,
                null);
    }

    /**
     * Records the row, then puts the blobs ({@code thumbnail}: a new thumbnail's bytes, or null). The row comes first: its references keep a concurrent
     * sweep from deleting a blob with the same content between the put and the insert. A failed put
     * takes the row back out, even when the store cannot delete what it did keep (a thumbnail put
     * before the original failed): the row must go, and unreferenced bytes in the store harm nobody.
     */
    private Media store(Media row, StagedFile staged, byte[] thumbnail) {
        Media saved = catalog.insert(row, policy.quotaBytes());
        try {
            putBlobs(saved, staged, thumbnail);
        } catch (RuntimeException e) {
            catalog.deleteUnattached(saved.ownerId(), saved.id(), key -> {
                try {
                    blobs.delete(key);
                } catch (RuntimeException also) {
                    e.addSuppressed(also);
                }
            });
            throw e;
        }
        return saved;
    }

    private void putBlobs(Media saved, StagedFile staged, byte[] thumbnail) {
        try (InputStream in = staged.open()) {
            blobs.put(saved.blobKey(), staged.size(), in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot store media", e);
        }
        if (thumbnail != null)
            blobs.put(saved.thumbKey(), thumbnail.length, new java.io.ByteArrayInputStream(thumbnail));
    }

    /** The original (or its thumbnail) when this user may read it; {@code media_not_found} alike for missing and forbidden. */
    public Readable readable(long who, long mediaId, boolean thumbnail) {
        Media m = catalog.readable(who, mediaId).orElseThrow(() -> new ConfabException(ErrorCode.MEDIA_NOT_FOUND));
        if (!thumbnail) return new Readable(m, m.blobKey(), m.type(), m.size(), false);
        if (!m.hasThumbnail()) throw new ConfabException(ErrorCode.MEDIA_NOT_FOUND, "This media has no thumbnail.");
        return new Readable(m, m.thumbKey(), m.thumbType(), m.thumbSize(), true);
    }

    /** Opens {@code count} bytes from {@code offset} ({@code count < 0}: to the end) of a readable blob. */
    public InputStream open(Readable r, long offset, long count) {
        return blobs.get(r.key(), offset, count)
                .map(MediaStore.Blob::in)
                .orElseThrow(() -> new ConfabException(ErrorCode.MEDIA_NOT_FOUND));
    }

    /** Deletes one of my uploads that is not attached to any message; the same 404 otherwise. */
    public void delete(long who, long mediaId) {
        if (!catalog.deleteUnattached(who, mediaId, blobs::delete))
            throw new ConfabException(ErrorCode.MEDIA_NOT_FOUND);
    }

    /** Removes uploads that were never attached within the configured time; returns how many. */
    public int sweep() {
        int total = 0;
        for (int n;
                (n = catalog.sweep(clock.instant().minus(policy.unattachedTtl()), SWEEP_BATCH, blobs::delete)) > 0; ) {
            total += n;
            if (n < SWEEP_BATCH) break;
        }
        return total;
    }

    /** A file name to show and to offer when saving: the last path segment, no control characters, at most 255 characters. */
    static String cleanName(String raw) {
        if (raw == null) return null;
        String s = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        s.codePoints()
                .filter(c -> !Character.isISOControl(c)
                        && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.SURROGATE)
                .limit(MAX_NAME_CHARS)
                .forEach(out::appendCodePoint);
        String name = out.toString().strip();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
    }

    private static ConfabException tooLarge(long limit) {
        return new ConfabException(ErrorCode.TOO_LARGE, "Uploads may be at most " + limit + " bytes.");
    }

    static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(StagedFile.newDigest().digest(bytes));
    }

    /** Staged files left by a crash are useless: nothing refers to them. */
    private void clearStaging() {
        try {
            Files.createDirectories(staging);
            try (var files = Files.list(staging)) {
                files.forEach(f -> f.toFile().delete());
            }
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot prepare the staging directory " + staging, e);
        }
    }

    public Optional<Media> find(long id) {
        return catalog.find(id);
    }
}
