package dev.confab.store;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.message.CommitTx;
import dev.confab.message.HistoryQuery;
import dev.confab.message.Message;
import dev.confab.message.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

public final class SqlMessageStore implements MessageStore {
    private final Database db;

    public SqlMessageStore(Database db) {
        this.db = db;
    }

    @Override
    public <T> T write(Instant now, Function<CommitTx, Supplier<T>> work) {
        return db.writer.inTransaction(h -> {
            StreamWriter w = new StreamWriter(h, now);
            Supplier<T> result = work.apply(new SqlCommitTx(h, w, db.dialect()));
            w.finish();
            return result.get();
        });
    }

    /**
     * The seqs a member may see: from the start, or from their joining when the room shows
     * newcomers no earlier history; up to the point they left, if they did.
     */
    private record Window(long minSeq, long maxSeq) {}

    private static Optional<Window> window(Handle h, long userId, long roomId) {
        return h.createQuery("""
                        SELECT CASE WHEN r.history = 'joined' THEN m.joined_seq ELSE 1 END AS min_seq,
                               COALESCE(m.left_seq, r.last_seq) AS max_seq
                        FROM members m JOIN rooms r ON r.id = m.room_id
                        WHERE m.room_id = :r AND m.user_id = :u""")
                .bind("r", roomId).bind("u", userId).map((rs, ctx) -> new Window(rs.getLong("min_seq"), rs.getLong("max_seq"))).findOne();
    }

    @Override
    public Optional<List<Message>> page(long userId, long roomId, HistoryQuery q, int fetch) {
        return db.reader.withHandle(h -> window(h, userId, roomId).map(win -> {
            String sql;
            long anchor;
            if (q.after() != null) {
                sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE room_id = :r AND seq > :a AND seq BETWEEN :min AND :max ORDER BY seq LIMIT :n";
                anchor = q.after();
            } else {
                sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE room_id = :r AND seq < :a AND seq BETWEEN :min AND :max ORDER BY seq DESC LIMIT :n";
                anchor = q.before() != null ? q.before() : Long.MAX_VALUE;
            }
            List<Message> rows = new ArrayList<>(h.createQuery(sql).bind("r", roomId).bind("a", anchor).bind("min", win.minSeq()).bind("max", win.maxSeq())
                    .bind("n", fetch).map(Rows.MESSAGE).list());
            if (q.after() == null) Collections.reverse(rows);
            return rows;
        }));
    }

    @Override
    public Optional<MessageReceipts> receipts(long userId, long roomId, long seq) {
        return db.reader.withHandle(h -> {
            Optional<Window> win = window(h, userId, roomId);
            if (win.isEmpty()) return Optional.empty();
            Optional<Long> sender = seq > win.get().maxSeq() || seq < 1 ? Optional.empty()
                    : h.createQuery("SELECT sender_id FROM messages WHERE room_id = :r AND seq = :s")
                            .bind("r", roomId).bind("s", seq).mapTo(Long.class).findOne();
            if (sender.isEmpty() || seq < win.get().minSeq()) throw new ConfabException(ErrorCode.MESSAGE_NOT_FOUND);
            List<long[]> rows = h.createQuery("""
                            SELECT user_id, delivered_seq, read_seq FROM members
                            WHERE room_id = :r AND user_id <> :sender AND joined_seq <= :s AND (left_seq IS NULL OR left_seq >= :s)
                            ORDER BY user_id""")
                    .bind("r", roomId).bind("sender", sender.get()).bind("s", seq)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).list();
            List<Long> delivered = rows.stream().filter(r -> r[1] >= seq).map(r -> r[0]).toList();
            List<Long> read = rows.stream().filter(r -> r[2] >= seq).map(r -> r[0]).toList();
            return Optional.of(new MessageReceipts(seq, delivered, read));
        });
    }

    @Override
    public List<Long> seqsOf(long userId, long roomId, List<Long> messageIds) {
        return db.reader.withHandle(h -> window(h, userId, roomId)
                .map(win -> h.createQuery("SELECT seq FROM messages WHERE room_id = :r AND id IN (<ids>) AND seq BETWEEN :min AND :max")
                        .bind("r", roomId).bindList("ids", new ArrayList<>(new HashSet<>(messageIds))).bind("min", win.minSeq()).bind("max", win.maxSeq())
                        .mapTo(Long.class).list())
                .orElse(List.of()));
    }
}
