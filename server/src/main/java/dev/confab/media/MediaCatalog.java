package dev.confab.media;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The media rows and who may read them. Blobs are counted by reference: a row holds one on its
 * blob and one on its thumbnail's. When a count drops to zero, {@code deleteBlob} is called inside
 * the same transaction, so an upload of the same bytes that commits afterwards finds the blob gone
 * and stores it again instead of pointing at a file about to disappear.
 */
public interface MediaCatalog {
    /**
     * Inserts the row (its id is assigned here; {@code createdAt} is the upload's time) and takes its blob references, in one
     * transaction; refuses with {@code quota_exceeded} when the owner's uploads would then exceed
     * {@code quotaBytes}.
     */
    Media insert(Media m, long quotaBytes);

    Optional<Media> find(long id);

    /**
     * The media when this user may read it: they uploaded it, or a message that references it is
     * within their membership window in its room (history visibility and the point they left
     * included) and not deleted. Empty otherwise, exactly as for a missing id.
     */
    Optional<Media> readable(long userId, long mediaId);

    /** Deletes the owner's upload if no message references it (and it is not an avatar); false otherwise. */
    boolean deleteUnattached(long ownerId, long mediaId, Consumer<String> deleteBlob);

    /** Removes up to {@code limit} uploads created before {@code cutoff} that no message or avatar references; returns how many. */
    int sweep(Instant cutoff, int limit, Consumer<String> deleteBlob);

    /**
     * Makes {@code row} (inserted here, with its blob references) the user's avatar, or with null
     * clears it; the previous avatar's row goes, and its blobs when nothing else uses them. One transaction.
     */
    Media replaceAvatar(long userId, Media row, Consumer<String> deleteBlob);

    /** Bytes of all of the owner's uploads. */
    long usedBytes(long ownerId);
}
