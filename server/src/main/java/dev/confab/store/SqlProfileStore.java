package dev.confab.store;

import dev.confab.account.Audience;
import dev.confab.account.PrivacySettings;
import dev.confab.account.Profile;
import dev.confab.account.ProfileStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlProfileStore implements ProfileStore {
    private static final String COLUMNS =
            Rows.USER_COLUMNS + ", u.about, u.avatar_type, u.privacy_avatar, u.privacy_about, u.privacy_last_seen";
    private static final RowMapper<Profile> PROFILE = (rs, ctx) -> new Profile(
            Rows.user(rs, ""),
            rs.getString("about"),
            rs.getString("avatar_type"),
            new PrivacySettings(
                    audience(rs, "privacy_avatar"), audience(rs, "privacy_about"), audience(rs, "privacy_last_seen")));

    private final Database db;

    public SqlProfileStore(Database db) {
        this.db = db;
    }

    private static Audience audience(ResultSet rs, String column) throws SQLException {
        return Audience.fromWire(column, rs.getString(column));
    }

    @Override
    public Optional<Profile> find(long userId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users u WHERE u.id = :id")
                .bind("id", userId)
                .map(PROFILE)
                .findOne());
    }

    @Override
    public List<Profile> findAll(Collection<Long> userIds) {
        if (userIds.isEmpty()) return List.of();
        return db.reader.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users u WHERE u.id IN (<ids>)")
                .bindList("ids", new ArrayList<>(new LinkedHashSet<>(userIds)))
                .map(PROFILE)
                .list());
    }

    @Override
    public void updateAbout(long userId, String about) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE users SET about = :a WHERE id = :id")
                .bind("a", about)
                .bind("id", userId)
                .execute());
    }

    @Override
    public Optional<StoredAvatar> avatar(long userId) {
        return db.reader.withHandle(h -> h.createQuery(
                        "SELECT avatar_key, avatar_type FROM users WHERE id = :id AND avatar_key IS NOT NULL")
                .bind("id", userId)
                .map((rs, ctx) -> new StoredAvatar(rs.getString(1), rs.getString(2)))
                .findOne());
    }

    @Override
    public void updatePrivacy(long userId, PrivacySettings s) {
        db.writer.useHandle(h -> h.createUpdate(
                        "UPDATE users SET privacy_avatar = :a, privacy_about = :b, privacy_last_seen = :l WHERE id = :id")
                .bind("a", s.avatar().wire())
                .bind("b", s.about().wire())
                .bind("l", s.lastSeen().wire())
                .bind("id", userId)
                .execute());
    }

    @Override
    public Facts facts(long viewerId, Collection<Long> ownerIds) {
        if (ownerIds.isEmpty()) return new Facts(Set.of(), Set.of());
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(ownerIds));
        return db.reader.withHandle(h -> {
            // From the viewer's memberships (index by user), probe each room for the owners (primary key).
            Set<Long> sharing = new HashSet<>(h.createQuery("""
                            SELECT DISTINCT o.user_id FROM members v
                            JOIN rooms r ON r.id = v.room_id AND r.kind <> 'channel'
                            JOIN members o ON o.room_id = v.room_id AND o.user_id IN (<ids>) AND o.left_seq IS NULL
                            WHERE v.user_id = :v AND v.left_seq IS NULL""")
                    .bind("v", viewerId)
                    .bindList("ids", ids)
                    .mapTo(Long.class)
                    .list());
            Set<Long> blocking = new HashSet<>(
                    h.createQuery("SELECT blocker_id FROM blocks WHERE blocked_id = :v AND blocker_id IN (<ids>)")
                            .bind("v", viewerId)
                            .bindList("ids", ids)
                            .mapTo(Long.class)
                            .list());
            return new Facts(sharing, blocking);
        });
    }

    /** Channels do not make contacts: their readers are not listed to each other, and presence must not fan out to them. */
    @Override
    public List<Contact> contacts(long userId) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT o.user_id,
                               CASE WHEN EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = :u AND b.blocked_id = o.user_id)
                                    THEN 1 ELSE 0 END AS blocked,
                               me.privacy_last_seen
                        FROM members m
                        JOIN rooms r ON r.id = m.room_id AND r.kind <> 'channel'
                        JOIN members o ON o.room_id = m.room_id AND o.user_id <> m.user_id AND o.left_seq IS NULL
                        JOIN users me ON me.id = m.user_id
                        WHERE m.user_id = :u AND m.left_seq IS NULL""")
                .bind("u", userId)
                .map((rs, ctx) -> new Contact(rs.getLong(1), rs.getInt(2) == 1, audience(rs, "privacy_last_seen")))
                .list());
    }
}
