package dev.confab.account;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import dev.confab.media.MediaStore;
import dev.confab.media.Uploads;
import dev.confab.text.Unicode;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Profiles (about, avatar), privacy settings, and every read of someone else's profile or presence,
 * each passed through {@link Privacy}.
 */
public final class Profiles {
    public static final int MAX_ABOUT_CHARS = 300;

    private final ProfileStore store;
    private final Accounts accounts;
    private final Uploads media;
    private final int maxAvatarBytes;
    private final LongPredicate online;
    private final long maxAvatarPixels;
    private final RateLimiter avatarUploads;

    /**
     * @param online          whether a user has a device connected (presence)
     * @param maxAvatarPixels most pixels in an avatar, read from its header before any decoding
     * @param avatarUploads   avatar uploads per user, counted before the body is read
     */
    public Profiles(
            ProfileStore store,
            Accounts accounts,
            Uploads media,
            int maxAvatarBytes,
            long maxAvatarPixels,
            LongPredicate online,
            RateLimiter avatarUploads) {
        this.maxAvatarPixels = maxAvatarPixels;
        this.avatarUploads = avatarUploads;
        this.store = store;
        this.accounts = accounts;
        this.media = media;
        this.maxAvatarBytes = maxAvatarBytes;
        this.online = online;
    }

    public int maxAvatarBytes() {
        return maxAvatarBytes;
    }

    public VisibleProfile view(Principal viewer, long userId) {
        Profile p = store.find(userId).orElseThrow(() -> new ConfabException(ErrorCode.USER_NOT_FOUND));
        return Privacy.view(p, relation(viewer, userId), online.test(userId));
    }

    /** Users whose username starts with {@code prefix}, in username order, each as this viewer may see them. */
    public List<VisibleProfile> search(Principal viewer, String prefix, int limit) {
        List<Long> ids =
                accounts.findByPrefix(prefix, limit).stream().map(User::id).toList();
        if (ids.isEmpty()) return List.of();
        Map<Long, Profile> found = store.findAll(ids).stream()
                .collect(Collectors.toMap(p -> p.user().id(), Function.identity()));
        ProfileStore.Facts facts = store.facts(viewer.userId(), ids);
        return ids.stream()
                .filter(found::containsKey)
                .map(id -> Privacy.view(found.get(id), facts.relation(id, viewer.userId()), online.test(id)))
                .toList();
    }

    /** Changes the display name and/or the about text; null leaves a field alone. */
    public VisibleProfile update(Principal who, String displayName, String about) {
        if (displayName == null && about == null) throw ConfabException.invalid("give displayName and/or about");
        String checkedAbout = about == null ? null : checkAbout(about);
        if (displayName != null) accounts.updateDisplayName(who, displayName);
        if (checkedAbout != null) store.updateAbout(who.userId(), checkedAbout);
        return view(who, who.userId());
    }

    /** Avatars may be at most this many pixels a side. */
    public static final int MAX_AVATAR_SIDE = 4096;

    /**
     * Sets my avatar from an image streamed in ({@code declaredLength} -1 when unknown), through the
     * media pipeline; within my avatar rate first, so a refused upload costs no decoding.
     */
    public VisibleProfile setAvatar(Principal who, InputStream bytes, long declaredLength) {
        avatarUploads.acquire(who.userId());
        media.avatar(who.userId(), bytes, declaredLength, maxAvatarBytes, MAX_AVATAR_SIDE, maxAvatarPixels);
        return view(who, who.userId());
    }

    public VisibleProfile deleteAvatar(Principal who) {
        media.removeAvatar(who.userId());
        return view(who, who.userId());
    }

    /** An avatar to send: its content hash (the ETag), detected type, and its bytes as a stream the caller closes. */
    public record Avatar(String key, String mediaType, MediaStore.Blob blob) {}

    /** The avatar's bytes; NOT_FOUND alike when there is none and when the viewer may not see it. */
    public Avatar avatar(Principal viewer, long userId) {
        Profile p = store.find(userId).orElseThrow(() -> new ConfabException(ErrorCode.USER_NOT_FOUND));
        Relation r = relation(viewer, userId);
        ConfabException none = new ConfabException(ErrorCode.NOT_FOUND, "No avatar to show.");
        if (!p.hasAvatar() || !Privacy.allows(p.privacy().avatar(), r)) throw none;
        ProfileStore.StoredAvatar stored = store.avatar(userId).orElseThrow(() -> none);
        return new Avatar(
                stored.key(), stored.mediaType(), media.openBlob(stored.key()).orElseThrow(() -> none));
    }

    /** My own profile needs no lookup of shared rooms or blocks. */
    private Relation relation(Principal viewer, long ownerId) {
        if (ownerId == viewer.userId()) return Relation.SELF;
        return store.facts(viewer.userId(), List.of(ownerId)).relation(ownerId, viewer.userId());
    }

    public PrivacySettings privacy(Principal who) {
        return store.find(who.userId())
                .orElseThrow(() -> new ConfabException(ErrorCode.USER_NOT_FOUND))
                .privacy();
    }

    /** Changes the given fields of the privacy settings; null leaves a field alone. */
    public PrivacySettings updatePrivacy(Principal who, Audience avatar, Audience about, Audience lastSeen) {
        if (avatar == null && about == null && lastSeen == null)
            throw ConfabException.invalid("give avatar, about and/or lastSeen");
        PrivacySettings now = privacy(who);
        PrivacySettings next = new PrivacySettings(
                avatar != null ? avatar : now.avatar(),
                about != null ? about : now.about(),
                lastSeen != null ? lastSeen : now.lastSeen());
        store.updatePrivacy(who.userId(), next);
        return next;
    }

    /**
     * Who is told live when the user comes online or goes offline: people who share an active room
     * with them and may see their last seen. Only contacts get pushes, even with {@code everyone}:
     * a stranger asks for a profile instead.
     */
    public long[] presenceAudience(long userId) {
        return store.contacts(userId).stream()
                .filter(c -> Privacy.allows(c.ownerLastSeen(), new Relation(false, true, c.blockedByOwner())))
                .mapToLong(ProfileStore.Contact::userId)
                .sorted()
                .toArray();
    }

    static String checkAbout(String about) {
        String a = about.strip();
        if (a.codePointCount(0, a.length()) > MAX_ABOUT_CHARS) {
            throw ConfabException.invalid("about must be at most " + MAX_ABOUT_CHARS + " characters");
        }
        if (a.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n'))
            throw ConfabException.invalid("about must not contain control characters other than newlines");
        if (Unicode.hasLoneSurrogate(a)) throw ConfabException.invalid("about is not valid Unicode (lone surrogate)");
        return a;
    }
}
