package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A user's profile as the server shows it to me. Fields the owner's privacy settings hide from me
 * are null: {@code about}, {@code hasAvatar}/{@code avatarUrl}, {@code lastSeenAt}/{@code online}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Profile(
        long id,
        String username,
        String displayName,
        String about,
        Boolean hasAvatar,
        String avatarUrl,
        Instant lastSeenAt,
        Boolean online) {}
