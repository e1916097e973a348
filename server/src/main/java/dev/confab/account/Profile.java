package dev.confab.account;

/** Everything about a user that others may see, before privacy is applied. {@code avatarType} is null without an avatar. */
public record Profile(User user, String about, String avatarType, PrivacySettings privacy) {
    public boolean hasAvatar() {
        return avatarType != null;
    }
}
