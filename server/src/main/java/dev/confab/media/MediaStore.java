package dev.confab.media;

import java.util.Optional;

/**
 * Stored blobs (avatars for now), addressed by keys this store makes up. Callers never pass a
 * client-supplied name or path, so a key cannot point outside the store.
 */
public interface MediaStore {
    /** Stores the bytes under a new random key and returns it. */
    String put(byte[] bytes);

    /** The bytes under {@code key}; empty when there are none (or the key is not one of ours). */
    Optional<byte[]> get(String key);

    /** Removes the bytes under {@code key}, if any. */
    void delete(String key);
}
