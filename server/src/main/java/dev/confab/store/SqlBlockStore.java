package dev.confab.store;

import dev.confab.account.BlockStore;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

public final class SqlBlockStore implements BlockStore {
    private final Database db;

    public SqlBlockStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean block(long blockerId, long blockedId, Instant now) {
        return db.writer.inTransaction(h -> {
            lockStream(h);
            boolean added = h.createUpdate("""
                            INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (:a, :b, :at)
                            ON CONFLICT (blocker_id, blocked_id) DO NOTHING""")
                            .bind("a", blockerId)
                            .bind("b", blockedId)
                            .bind("at", now.toEpochMilli())
                            .execute()
                    == 1;
            if (added) adjustDirectRoom(h, blockerId, blockedId, +1);
            return added;
        });
    }

    @Override
    public boolean unblock(long blockerId, long blockedId) {
        return db.writer.inTransaction(h -> {
            lockStream(h);
            boolean removed = h.createUpdate("DELETE FROM blocks WHERE blocker_id = :a AND blocked_id = :b")
                            .bind("a", blockerId)
                            .bind("b", blockedId)
                            .execute()
                    == 1;
            if (removed) adjustDirectRoom(h, blockerId, blockedId, -1);
            return removed;
        });
    }

    /**
     * Takes the stream lock that message commits and direct-room creation take first. That orders
     * this change against both: a batch that commits after it sees the new count, and a direct
     * room created concurrently counts this block when it is created (SqlRoomStore).
     */
    private static void lockStream(Handle h) {
        h.createQuery("UPDATE stream SET pos = pos WHERE id = 1 RETURNING pos")
                .mapTo(Long.class)
                .one();
    }

    private static void adjustDirectRoom(Handle h, long a, long b, int delta) {
        h.createUpdate("UPDATE rooms SET blocked = blocked + :d WHERE direct_key = :k")
                .bind("d", delta)
                .bind("k", SqlRoomStore.directKey(a, b))
                .execute();
    }

    @Override
    public List<Blocked> blockedBy(long blockerId) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT u.id, u.username, u.display_name, b.created_at FROM blocks b JOIN users u ON u.id = b.blocked_id
                        WHERE b.blocker_id = :a ORDER BY b.created_at DESC, u.id""")
                .bind("a", blockerId)
                .map((rs, ctx) ->
                        new Blocked(rs.getLong(1), rs.getString(2), rs.getString(3), Rows.instant(rs, "created_at")))
                .list());
    }
}
