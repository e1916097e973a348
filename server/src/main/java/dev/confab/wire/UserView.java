package dev.confab.wire;

import dev.confab.account.VisibleProfile;
import java.time.Instant;

/**
 * A user on the wire after privacy: fields the viewer may not see are left out. {@code avatarUrl}
 * is there when the avatar is visible and exists.
 */
public record UserView(
        long id,
        String username,
        String displayName,
        String about,
        Boolean hasAvatar,
        String avatarUrl,
        Instant lastSeenAt,
        Boolean online) {
    public static UserView of(VisibleProfile p) {
        String url = Boolean.TRUE.equals(p.hasAvatar()) ? "/api/v1/users/" + p.id() + "/avatar" : null;
        return new UserView(
                p.id(), p.username(), p.displayName(), p.about(), p.hasAvatar(), url, p.lastSeenAt(), p.online());
    }
}
