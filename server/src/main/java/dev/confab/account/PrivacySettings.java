package dev.confab.account;

/** A user's choice of audience per field; {@code lastSeen} also governs whether others see them online. */
public record PrivacySettings(Audience avatar, Audience about, Audience lastSeen) {
    public static final PrivacySettings DEFAULT =
            new PrivacySettings(Audience.EVERYONE, Audience.EVERYONE, Audience.EVERYONE);
}
