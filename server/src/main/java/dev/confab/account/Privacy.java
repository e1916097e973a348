package dev.confab.account;

import java.time.Instant;

/** Decides what a viewer may see of someone's profile and presence. No I/O: the facts come in a {@link Relation}. */
public final class Privacy {
    private Privacy() {}

    /**
     * Whether a field set to {@code audience} is visible. Owners always see their own fields; someone
     * the owner blocked sees every field as {@code nobody}, whatever the setting.
     */
    public static boolean allows(Audience audience, Relation r) {
        if (r.self()) return true;
        if (r.blockedByOwner()) return false;
        return switch (audience) {
            case EVERYONE -> true;
            case CONTACTS -> r.sharesRoom();
            case NOBODY -> false;
        };
    }

    /** The profile as this viewer may see it; hidden fields are null. */
    public static VisibleProfile view(Profile p, Relation r, boolean online) {
        PrivacySettings s = p.privacy();
        boolean lastSeen = allows(s.lastSeen(), r);
        boolean avatar = allows(s.avatar(), r);
        Instant seen = lastSeen ? p.user().lastSeenAt() : null;
        return new VisibleProfile(
                p.user().id(),
                p.user().username(),
                p.user().displayName(),
                allows(s.about(), r) ? p.about() : null,
                avatar ? p.hasAvatar() : null,
                seen,
                lastSeen ? online : null);
    }
}
