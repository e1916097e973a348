package dev.confab.account;

import java.time.Instant;

/** A profile after privacy: a field the viewer may not see is null (and left out on the wire). */
public record VisibleProfile(
        long id,
        String username,
        String displayName,
        String about,
        Boolean hasAvatar,
        Instant lastSeenAt,
        Boolean online) {}
