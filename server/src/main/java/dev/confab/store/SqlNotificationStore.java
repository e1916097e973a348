package dev.confab.store;

import dev.confab.notify.Level;
import dev.confab.notify.NotificationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class SqlNotificationStore implements NotificationStore {
    private final Database db;

    public SqlNotificationStore(Database db) {
        this.db = db;
    }

    @Override
    public AccountSettings account(long userId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT notify_level, notify_previews FROM users WHERE id = :u")
                .bind("u", userId)
                .map((rs, ctx) -> new AccountSettings(Level.fromWire(rs.getString(1)), rs.getInt(2) == 1))
                .one());
    }

    @Override
    public void updateAccount(long userId, Level level, boolean previews) {
        db.writer.useHandle(
                h -> h.createUpdate("UPDATE users SET notify_level = :l, notify_previews = :p WHERE id = :u")
                        .bind("l", level.wire())
                        .bind("p", previews ? 1 : 0)
                        .bind("u", userId)
                        .execute());
    }

    @Override
    public List<RoomSetting> rooms(long userId) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT room_id, notify_level, muted_until FROM members
                        WHERE user_id = :u AND left_seq IS NULL AND (notify_level IS NOT NULL OR muted_until IS NOT NULL)
                        ORDER BY room_id""")
                .bind("u", userId)
                .map((rs, ctx) -> setting(rs))
                .list());
    }

    @Override
    public Optional<RoomSetting> updateRoom(long userId, long roomId, Level level, Instant mutedUntil) {
        return db.writer.inTransaction(h -> {
            int n = h.createUpdate("""
                            UPDATE members SET notify_level = :l, muted_until = :m
                            WHERE room_id = :r AND user_id = :u AND left_seq IS NULL""")
                    .bind("l", level == null ? null : level.wire())
                    .bind("m", mutedUntil == null ? null : mutedUntil.toEpochMilli())
                    .bind("r", roomId)
                    .bind("u", userId)
                    .execute();
            return n == 0 ? Optional.empty() : Optional.of(new RoomSetting(roomId, level, mutedUntil));
        });
    }

    private static RoomSetting setting(java.sql.ResultSet rs) throws java.sql.SQLException {
        String level = rs.getString("notify_level");
        Long muted = Rows.nullableLong(rs, "muted_until");
        return new RoomSetting(
                rs.getLong("room_id"),
                level == null ? null : Level.fromWire(level),
                muted == null ? null : Instant.ofEpochMilli(muted));
    }
}
