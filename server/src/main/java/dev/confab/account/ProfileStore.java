package dev.confab.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Profiles, privacy settings, and the facts privacy is decided from. */
public interface ProfileStore {
    Optional<Profile> find(long userId);

    /** The profiles of those of {@code userIds} that exist, in no particular order. */
    List<Profile> findAll(Collection<Long> userIds);

    void updateAbout(long userId, String about);

    /** The blob key and type of a user's avatar (set through the media catalog). */
    Optional<StoredAvatar> avatar(long userId);

    void updatePrivacy(long userId, PrivacySettings settings);

    /** Of {@code ownerIds}: who shares an active room with the viewer, and who has blocked the viewer. */
    Facts facts(long viewerId, Collection<Long> ownerIds);

    /**
     * In one query: everyone who shares an active room with the user, with whether the user blocked
     * them and the user's own last-seen setting (the same on every row).
     */
    List<Contact> contacts(long userId);

    record StoredAvatar(String key, String mediaType) {}

    record Facts(Set<Long> sharingRoom, Set<Long> blockedViewer) {
        public Relation relation(long ownerId, long viewerId) {
            return Relation.of(ownerId, viewerId, sharingRoom.contains(ownerId), blockedViewer.contains(ownerId));
        }
    }

    record Contact(long userId, boolean blockedByOwner, Audience ownerLastSeen) {}
}
