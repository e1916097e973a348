package dev.confab.account;

/** Who is calling: an authenticated user through one of their sessions. */
public record Principal(User user, long sessionId) {
    public long userId() { return user.id(); }
}
