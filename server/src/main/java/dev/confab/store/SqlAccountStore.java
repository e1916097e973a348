package dev.confab.store;

import dev.confab.account.AccountStore;
import dev.confab.account.Credentials;
import dev.confab.account.Session;
import dev.confab.account.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class SqlAccountStore implements AccountStore {
    private final Database db;

    public SqlAccountStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<User> createUser(String username, String displayName, String passwordHash, Instant now) {
        return db.writer.inTransaction(h -> h.createQuery("""
                        INSERT INTO users (username, display_name, password_hash, created_at) VALUES (:n, :d, :p, :at)
                        ON CONFLICT (username) DO NOTHING RETURNING id""")
                .bind("n", username)
                .bind("d", displayName)
                .bind("p", passwordHash)
                .bind("at", now.toEpochMilli())
                .mapTo(Long.class)
                .findOne()
                .map(id -> new User(id, username, displayName, Instant.ofEpochMilli(now.toEpochMilli()), null)));
    }

    @Override
    public Optional<Credentials> findCredentials(String username) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS
                        + ", u.password_hash FROM users u WHERE username = :n AND disabled_at IS NULL")
                .bind("n", username)
                .map((rs, ctx) -> new Credentials(Rows.user(rs, ""), rs.getString("password_hash")))
                .findOne());
    }

    @Override
    public Optional<User> findUser(long id) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users u WHERE id = :id")
                .bind("id", id)
                .map(Rows.USER)
                .findOne());
    }

    @Override
    public List<User> findUsersByPrefix(String prefix, int limit) {
        // Usernames are ASCII below DEL, so [prefix, prefix + DEL) is exactly "starts with prefix" under binary
        // collation.
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS
                        + " FROM users u WHERE username >= :lo AND username < :hi ORDER BY username LIMIT :n")
                .bind("lo", prefix)
                .bind("hi", prefix + '\u007f')
                .bind("n", limit)
                .map(Rows.USER)
                .list());
    }

    @Override
    public void updateDisplayName(long userId, String displayName) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE users SET display_name = :d WHERE id = :id")
                .bind("d", displayName)
                .bind("id", userId)
                .execute());
    }

    @Override
    public void touchLastSeen(long userId, Instant at) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE users SET last_seen_at = :at WHERE id = :id")
                .bind("at", at.toEpochMilli())
                .bind("id", userId)
                .execute());
    }

    @Override
    public Session createSession(long userId, String device, String tokenHash, Instant now, Instant expiresAt) {
        long id = db.writer.inTransaction(h -> h.createQuery("""
                        INSERT INTO sessions (user_id, token_hash, device, created_at, last_used_at, expires_at)
                        VALUES (:u, :t, :d, :now, :now, :exp) RETURNING id""")
                .bind("u", userId)
                .bind("t", tokenHash)
                .bind("d", device)
                .bind("now", now.toEpochMilli())
                .bind("exp", expiresAt.toEpochMilli())
                .mapTo(Long.class)
                .one());
        Instant at = Instant.ofEpochMilli(now.toEpochMilli());
        return new Session(id, userId, device, at, at, Instant.ofEpochMilli(expiresAt.toEpochMilli()), null);
    }

    @Override
    public Optional<SessionOwner> findSessionByTokenHash(String tokenHash) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT s.id, s.user_id, s.device, s.created_at, s.last_used_at, s.expires_at, s.revoked_at,
                               u.id AS u_id, u.username AS u_username, u.display_name AS u_display_name,
                               u.created_at AS u_created_at, u.last_seen_at AS u_last_seen_at
                        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :t""")
                .bind("t", tokenHash)
                .map((rs, ctx) -> new SessionOwner(Rows.session(rs), Rows.user(rs, "u_")))
                .findOne());
    }

    @Override
    public Optional<Session> findSession(long sessionId) {
        return db.reader.withHandle(
                h -> h.createQuery("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions s WHERE id = :id")
                        .bind("id", sessionId)
                        .map(Rows.SESSION)
                        .findOne());
    }

    @Override
    public List<Session> listActiveSessions(long userId, Instant now) {
        return db.reader.withHandle(h -> h.createQuery(
                        "SELECT " + Rows.SESSION_COLUMNS
                                + " FROM sessions s WHERE user_id = :u AND revoked_at IS NULL AND expires_at > :now ORDER BY id")
                .bind("u", userId)
                .bind("now", now.toEpochMilli())
                .map(Rows.SESSION)
                .list());
    }

    @Override
    public boolean revokeSession(long userId, long sessionId, Instant now) {
        return db.writer.withHandle(h -> h.createUpdate(
                                "UPDATE sessions SET revoked_at = :now WHERE id = :id AND user_id = :u AND revoked_at IS NULL")
                        .bind("now", now.toEpochMilli())
                        .bind("id", sessionId)
                        .bind("u", userId)
                        .execute())
                == 1;
    }

    @Override
    public void touchSession(long sessionId, Instant now) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE sessions SET last_used_at = :now WHERE id = :id")
                .bind("now", now.toEpochMilli())
                .bind("id", sessionId)
                .execute());
    }

    @Override
    public void setPasswordHash(long userId, String passwordHash) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :p WHERE id = :id")
                .bind("p", passwordHash)
                .bind("id", userId)
                .execute());
    }

    @Override
    public void setDisabled(long userId, Instant disabledAt) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE users SET disabled_at = :at WHERE id = :id")
                .bind("at", disabledAt == null ? null : disabledAt.toEpochMilli())
                .bind("id", userId)
                .execute());
    }

    @Override
    public Optional<String> erase(long userId, String username, String displayName, Instant now) {
        return db.writer.inTransaction(h -> {
            Optional<String> avatar = h.createQuery("SELECT avatar_key FROM users WHERE id = :id")
                    .bind("id", userId)
                    .mapTo(String.class)
                    .findOne();
            h.createUpdate("""
                            UPDATE users SET username = :n, display_name = :d, password_hash = '!', about = '', avatar_key = NULL,
                                   avatar_type = NULL, privacy_avatar = 'nobody', privacy_about = 'nobody', privacy_last_seen = 'nobody',
                                   disabled_at = COALESCE(disabled_at, :at)
                            WHERE id = :id""")
                    .bind("n", username)
                    .bind("d", displayName)
                    .bind("at", now.toEpochMilli())
                    .bind("id", userId)
                    .execute();
            return avatar;
        });
    }

    @Override
    public List<Long> revokeAllSessions(long userId, Instant now) {
        return db.writer.inTransaction(h -> h.createQuery(
                        "UPDATE sessions SET revoked_at = :now WHERE user_id = :u AND revoked_at IS NULL RETURNING id")
                .bind("now", now.toEpochMilli())
                .bind("u", userId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public List<Long> revokedSince(Instant since) {
        return db.reader.withHandle(h -> h.createQuery("SELECT id FROM sessions WHERE revoked_at >= :since")
                .bind("since", since.toEpochMilli())
                .mapTo(Long.class)
                .list());
    }
}
