package dev.confab.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface AccountStore {
    /** Empty when the username is taken. */
    Optional<User> createUser(String username, String displayName, String passwordHash, Instant now);

    Optional<Credentials> findCredentials(String username);

    Optional<User> findUser(long id);

    List<User> findUsersByPrefix(String prefix, int limit);

    void updateDisplayName(long userId, String displayName);

    void touchLastSeen(long userId, Instant at);

    Session createSession(long userId, String device, String tokenHash, Instant now, Instant expiresAt);

    /** The session and its user, whatever the session's state. */
    Optional<SessionOwner> findSessionByTokenHash(String tokenHash);

    /** The session, whatever its state. */
    Optional<Session> findSession(long sessionId);

    List<Session> listActiveSessions(long userId, Instant now);

    /** True when an active session of this user was revoked. */
    boolean revokeSession(long userId, long sessionId, Instant now);

    void touchSession(long sessionId, Instant now);

    void setPasswordHash(long userId, String passwordHash);

    /** {@code disabledAt} null enables the account again. */
    void setDisabled(long userId, Instant disabledAt);

    /** Disables the account and replaces its name and profile; returns the avatar key it had. */
    Optional<String> erase(long userId, String username, String displayName, Instant now);

    /** Ids of sessions revoked at or after {@code since}. */
    List<Long> revokedSince(Instant since);

    /** Revokes every active session of the user; returns their ids. */
    List<Long> revokeAllSessions(long userId, Instant now);

    record SessionOwner(Session session, User user) {}
}
