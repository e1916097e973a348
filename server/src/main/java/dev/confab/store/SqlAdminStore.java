package dev.confab.store;

import dev.confab.admin.AdminStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlAdminStore implements AdminStore {
    /** Never exported or listed: they would let whoever reads an export sign in. */
    private static final Set<String> SECRETS = Set.of("password_hash", "token_hash");

    private static final RowMapper<Map<String, Object>> ROW = (rs, ctx) -> row(rs);

    private final Database db;

    public SqlAdminStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Long> userId(String username) {
        return db.reader.withHandle(h -> h.createQuery("SELECT id FROM users WHERE username = :n")
                .bind("n", username)
                .mapTo(Long.class)
                .findOne());
    }

    @Override
    public List<Map<String, Object>> users(String prefix, int limit) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT u.id, u.username, u.display_name, u.created_at, u.last_seen_at, u.disabled_at,
                               (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL) AS sessions
                        FROM users u WHERE u.username >= :lo AND u.username < :hi ORDER BY u.username LIMIT :n""")
                .bind("lo", prefix)
                .bind("hi", prefix + '\u007f')
                .bind("n", limit)
                .map(ROW)
                .list());
    }

    @Override
    public List<Map<String, Object>> rooms(int limit) {
        return db.reader.withHandle(
                h -> h.createQuery("""
                        SELECT id, kind, name, visibility, member_count, last_seq, created_at FROM rooms
                        ORDER BY last_pos DESC, id DESC LIMIT :n""").bind("n", limit).map(ROW).list());
    }

    @Override
    public Optional<Map<String, Object>> room(long roomId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT * FROM rooms WHERE id = :id")
                .bind("id", roomId)
                .map(ROW)
                .findOne());
    }

    @Override
    public List<Map<String, Object>> members(long roomId) {
        return db.reader.withHandle(
                h -> h.createQuery("""
                        SELECT m.user_id, u.username, m.role, m.joined_seq, m.left_seq, m.delivered_seq, m.read_seq
                        FROM members m JOIN users u ON u.id = m.user_id WHERE m.room_id = :id ORDER BY m.user_id""").bind("id", roomId).map(ROW).list());
    }

    @Override
    public boolean deleteRoom(long roomId) {
        return db.writer.inTransaction(h -> {
            // Take the stream lock first, as every writing transaction does, so this serializes with the server's
            // commits.
            h.createUpdate("UPDATE stream SET pos = pos").execute();
            try {
                return deleteCascading(h.getConnection(), "rooms", "id = ?", roomId, new LinkedHashSet<>()) == 1;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot delete room " + roomId + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Deletes the rows of {@code table} that {@code where} selects, children first, one statement a
     * table. The children are found from the schema's foreign keys, so tables added later are covered.
     */
    private static int deleteCascading(Connection c, String table, String where, Object value, Set<String> path)
            throws SQLException {
        if (!path.add(table)) return 0;
        List<String[]> children = new ArrayList<>();
        try (ResultSet fk = c.getMetaData().getExportedKeys(null, null, table)) {
            while (fk.next()) {
                children.add(new String[] {
                    fk.getString("FKTABLE_NAME").toLowerCase(Locale.ROOT),
                    fk.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT),
                    fk.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT)
                });
            }
        }
        for (String[] child : children) {
            if (child[0].equals(table)) continue;
            deleteCascading(
                    c,
                    child[0],
                    child[1] + " IN (SELECT " + child[2] + " FROM " + table + " WHERE " + where + ")",
                    value,
                    path);
        }
        path.remove(table);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
            s.setObject(1, value);
            return s.executeUpdate();
        }
    }

    @Override
    public Map<String, Long> stats() {
        return db.reader.withHandle(h -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String[] q : new String[][] {
                {"users", "SELECT COUNT(*) FROM users"},
                {"usersDisabled", "SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL"},
                {
                    "sessionsActive",
                    "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > "
                            + System.currentTimeMillis()
                },
                {"rooms", "SELECT COUNT(*) FROM rooms"},
                {"directRooms", "SELECT COUNT(*) FROM rooms WHERE kind = 'direct'"},
                {"groups", "SELECT COUNT(*) FROM rooms WHERE kind = 'group'"},
                {"channels", "SELECT COUNT(*) FROM rooms WHERE kind = 'channel'"},
                {"memberships", "SELECT COUNT(*) FROM members WHERE left_seq IS NULL"},
                {"messages", "SELECT COUNT(*) FROM messages"},
                {"streamPosition", "SELECT pos FROM stream"}
            }) {
                out.put(q[0], h.createQuery(q[1]).mapTo(Long.class).one());
            }
            return out;
        });
    }

    @Override
    public void export(ExportPart part, long id, Consumer<Map<String, Object>> row) {
        String sql = switch (part) {
            case USER -> "SELECT * FROM users WHERE id = :id";
            case USER_SESSIONS -> "SELECT * FROM sessions WHERE user_id = :id ORDER BY id";
            case USER_MEMBERSHIPS -> "SELECT * FROM members WHERE user_id = :id ORDER BY room_id";
            case USER_MESSAGES -> "SELECT * FROM messages WHERE sender_id = :id ORDER BY id";
            case ROOM -> "SELECT * FROM rooms WHERE id = :id";
            case ROOM_MEMBERS -> "SELECT * FROM members WHERE room_id = :id ORDER BY user_id";
            case ROOM_MESSAGES -> "SELECT * FROM messages WHERE room_id = :id ORDER BY id";
        };
        // One read transaction with a fetch size: PostgreSQL then streams through a cursor instead of loading every
        // row.
        db.reader.useTransaction(h -> h.createQuery(sql)
                .bind("id", id)
                .setFetchSize(500)
                .map(ROW)
                .useIterator(it -> it.forEachRemaining(row)));
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (!SECRETS.contains(name)) out.put(name, rs.getObject(i));
        }
        return out;
    }
}
