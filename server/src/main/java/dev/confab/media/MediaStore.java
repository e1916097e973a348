package dev.confab.media;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where blobs live: uploads, thumbnails, avatars. Blobs are content-addressed: the key is the
 * SHA-256 of the bytes in lower-case hex, computed by the caller while it received them, so the
 * same bytes are stored once. Callers never pass a client-supplied name or path. Everything is a
 * stream: an adapter (this disk one, or an S3-compatible one for several nodes) never needs a whole
 * blob in memory.
 */
public interface MediaStore {
    /**
     * Stores {@code length} bytes read from {@code in} under {@code key}. When the key is already
     * stored the bytes are the same, so the stream may be left unread. A reader never sees half a blob.
     */
    void put(String key, long length, InputStream in);

    /**
     * {@code count} bytes of the blob from {@code offset} ({@code count < 0}: to the end), with the
     * blob's whole length; empty when there is no such blob (or the key is not one of ours). The
     * caller closes the stream.
     */
    Optional<Blob> get(String key, long offset, long count);

    /** Whether a blob is stored under {@code key}. */
    boolean exists(String key);

    /** Removes the blob under {@code key}, if any. */
    void delete(String key);

    /** An open blob: {@code length} is the whole blob's, {@code in} yields the requested part. */
    record Blob(long length, InputStream in) implements AutoCloseable {
        @Override
        public void close() {
            try {
                in.close();
            } catch (java.io.IOException ignored) {
                // nothing was written; a failed close of a read stream loses nothing
            }
        }
    }
}
