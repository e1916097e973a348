package dev.confab.store;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.media.Media;
import dev.confab.media.MediaCatalog;
import dev.confab.media.MediaKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlMediaCatalog implements MediaCatalog {
    static final String COLUMNS =
            "md.id, md.owner_id, md.kind, md.type, md.size, md.name, md.width, md.height, md.duration_ms, "
                    + "md.blob_key, md.thumb_key, md.thumb_type, md.thumb_size, md.placeholder, md.created_at";
    static final RowMapper<Media> MEDIA = (rs, ctx) -> media(rs);

    /** Shown by no message (a message deleted for everyone shows nothing) and not anyone's avatar. */
    private static final String UNATTACHED = """
            NOT EXISTS (SELECT 1 FROM media_refs f JOIN messages msg ON msg.room_id = f.room_id AND msg.seq = f.seq
                        WHERE f.media_id = md.id AND msg.kind <> 'deleted')
            AND NOT EXISTS (SELECT 1 FROM users u WHERE u.avatar_media_id = md.id)""";

    private final Database db;

    public SqlMediaCatalog(Database db) {
        this.db = db;
    }

    static Media media(ResultSet rs) throws SQLException {
        return new Media(
                rs.getLong("id"),
                rs.getLong("owner_id"),
                MediaKind.fromWire(rs.getString("kind")),
                rs.getString("type"),
                rs.getLong("size"),
                rs.getString("name"),
                nullableInt(rs, "width"),
                nullableInt(rs, "height"),
                Rows.nullableLong(rs, "duration_ms"),
                rs.getString("blob_key"),
                rs.getString("thumb_key"),
                rs.getString("thumb_type"),
                Rows.nullableLong(rs, "thumb_size"),
                rs.getString("placeholder"),
                Rows.instant(rs, "created_at"));
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public Media insert(Media m, long quotaBytes) {
        Instant now = m.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return db.writer.inTransaction(h -> {
            // The owner's row is the lock that keeps two uploads of one user from both fitting the quota.
            h.createUpdate("UPDATE users SET id = id WHERE id = :u")
                    .bind("u", m.ownerId())
                    .execute();
            long used = usedBytes(h, m.ownerId());
            if (used + m.size() > quotaBytes) throw new ConfabException(ErrorCode.QUOTA_EXCEEDED);
            return insertRow(h, m, now);
        });
    }

    private static Media insertRow(Handle h, Media m, Instant now) {
        reference(h, m.blobKey(), now);
        if (m.thumbKey() != null) reference(h, m.thumbKey(), now);
        long id = h.createQuery("""
                        INSERT INTO media (owner_id, kind, type, size, name, width, height, duration_ms, blob_key, thumb_key,
                                           thumb_type, thumb_size, placeholder, created_at)
                        VALUES (:owner, :kind, :type, :size, :name, :width, :height, :duration, :blob, :thumb, :thumbType,
                                :thumbSize, :placeholder, :at) RETURNING id""")
                .bind("owner", m.ownerId())
                .bind("kind", m.kind().wire())
                .bind("type", m.type())
                .bind("size", m.size())
                .bind("name", m.name())
                .bind("width", m.width())
                .bind("height", m.height())
                .bind("duration", m.durationMs())
                .bind("blob", m.blobKey())
                .bind("thumb", m.thumbKey())
                .bind("thumbType", m.thumbType())
                .bind("thumbSize", m.thumbSize())
                .bind("placeholder", m.placeholder())
                .bind("at", now.toEpochMilli())
                .mapTo(Long.class)
                .one();
        return new Media(
                id,
                m.ownerId(),
                m.kind(),
                m.type(),
                m.size(),
                m.name(),
                m.width(),
                m.height(),
                m.durationMs(),
                m.blobKey(),
                m.thumbKey(),
                m.thumbType(),
                m.thumbSize(),
                m.placeholder(),
                now);
    }

    @Override
    public Media replaceAvatar(long userId, Media row, Consumer<String> deleteBlob) {
        Instant now = row == null ? null : row.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return db.writer.inTransaction(h -> {
            // The user's row is locked before the old avatar is read: two replacements at once would
            // otherwise both read the same old row and release its blobs twice.
            h.createUpdate("UPDATE users SET id = id WHERE id = :u")
                    .bind("u", userId)
                    .execute();
            List<Media> previous = h.createQuery("SELECT " + COLUMNS
                            + " FROM media md JOIN users u ON u.avatar_media_id = md.id WHERE u.id = :u")
                    .bind("u", userId)
                    .map(MEDIA)
                    .list();
            Media saved = row == null ? null : insertRow(h, row, now);
            // avatar_key and avatar_type stay beside the id: profile reads need no join.
            h.createUpdate("UPDATE users SET avatar_media_id = :m, avatar_key = :k, avatar_type = :t WHERE id = :u")
                    .bind("m", saved == null ? null : saved.id())
                    .bind("k", saved == null ? null : saved.blobKey())
                    .bind("t", saved == null ? null : saved.type())
                    .bind("u", userId)
                    .execute();
            deleteRows(h, previous, deleteBlob);
            return saved;
        });
    }

    private static void reference(Handle h, String key, Instant now) {
        h.createUpdate("""
                        INSERT INTO blobs (sha256, refs, created_at) VALUES (:k, 1, :at)
                        ON CONFLICT (sha256) DO UPDATE SET refs = blobs.refs + 1""").bind("k", key).bind("at", now.toEpochMilli()).execute();
    }

    /** Drops one reference; the blob itself goes, inside this transaction, when it was the last. */
    static void release(Handle h, String key, Consumer<String> deleteBlob) {
        if (key == null) return;
        h.createUpdate("UPDATE blobs SET refs = refs - 1 WHERE sha256 = :k")
                .bind("k", key)
                .execute();
        int gone = h.createUpdate("DELETE FROM blobs WHERE sha256 = :k AND refs <= 0")
                .bind("k", key)
                .execute();
        if (gone > 0) deleteBlob.accept(key);
    }

    /** Deletes media rows (none may be referenced any more) and releases their blobs. */
    static void deleteRows(Handle h, List<Media> rows, Consumer<String> deleteBlob) {
        for (Media m : rows) {
            h.createUpdate("DELETE FROM media_refs WHERE media_id = :id")
                    .bind("id", m.id())
                    .execute();
            // Only the transaction that removed the row gives up its references, never two.
            if (h.createUpdate("DELETE FROM media WHERE id = :id")
                            .bind("id", m.id())
                            .execute()
                    == 0) continue;
            release(h, m.blobKey(), deleteBlob);
            release(h, m.thumbKey(), deleteBlob);
        }
    }

    @Override
    public Optional<Media> find(long id) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM media md WHERE md.id = :id")
                .bind("id", id)
                .map(MEDIA)
                .findOne());
    }

    @Override
    public Optional<Media> readable(long userId, long mediaId) {
        return db.reader.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM media md WHERE md.id = :id AND (md.owner_id = :u OR EXISTS ("
                                + """
                        SELECT 1 FROM media_refs f
                        JOIN members m ON m.room_id = f.room_id AND m.user_id = :u
                        JOIN rooms r ON r.id = f.room_id
                        JOIN messages msg ON msg.room_id = f.room_id AND msg.seq = f.seq
                        WHERE f.media_id = md.id AND msg.kind <> 'deleted'
                          AND f.seq >= CASE WHEN r.history = 'joined' THEN m.joined_seq ELSE 1 END
                          AND f.seq <= COALESCE(m.left_seq, r.last_seq)))""")
                .bind("id", mediaId)
                .bind("u", userId)
                .map(MEDIA)
                .findOne());
    }

    @Override
    public boolean deleteUnattached(long ownerId, long mediaId, Consumer<String> deleteBlob) {
        return db.writer.inTransaction(h -> {
            List<Media> rows = h.createQuery("SELECT " + COLUMNS
                            + " FROM media md WHERE md.id = :id AND md.owner_id = :o AND " + UNATTACHED)
                    .bind("id", mediaId)
                    .bind("o", ownerId)
                    .map(MEDIA)
                    .list();
            deleteRows(h, rows, deleteBlob);
            return !rows.isEmpty();
        });
    }

    @Override
    public int sweep(Instant cutoff, int limit, Consumer<String> deleteBlob) {
        return db.writer.inTransaction(h -> {
            List<Media> rows = new ArrayList<>(
                    h.createQuery("SELECT " + COLUMNS + " FROM media md WHERE md.created_at < :cutoff AND " + UNATTACHED
                                    + " ORDER BY md.id LIMIT :n")
                            .bind("cutoff", cutoff.toEpochMilli())
                            .bind("n", limit)
                            .map(MEDIA)
                            .list());
            deleteRows(h, rows, deleteBlob);
            return rows.size();
        });
    }

    @Override
    public long usedBytes(long ownerId) {
        return db.reader.withHandle(h -> usedBytes(h, ownerId));
    }

    private static long usedBytes(Handle h, long ownerId) {
        return h.createQuery("SELECT COALESCE(SUM(size), 0) FROM media WHERE owner_id = :o")
                .bind("o", ownerId)
                .mapTo(Long.class)
                .one();
    }
}
