package dev.confab.store;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.message.CommitTx;
import dev.confab.message.HistoryQuery;
import dev.confab.message.Message;
import dev.confab.message.MessageStore;
import dev.confab.message.ReactionCount;
import dev.confab.room.Member;
import dev.confab.room.Permissions;
import dev.confab.room.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private record Window(long minSeq, long maxSeq, Room.Kind kind, Member viewer) {}

    private static Optional<Window> window(Handle h, long userId, long roomId) {
        return h.createQuery("""
                        SELECT CASE WHEN r.history = 'joined' THEN m.joined_seq ELSE 1 END AS min_seq,
                               COALESCE(m.left_seq, r.last_seq) AS max_seq, r.kind AS room_kind, """ + Rows.MEMBER_COLUMNS
                        + " FROM members m JOIN rooms r ON r.id = m.room_id WHERE m.room_id = :r AND m.user_id = :u")
                .bind("r", roomId)
                .bind("u", userId)
                .map((rs, ctx) -> new Window(
                        rs.getLong("min_seq"),
                        rs.getLong("max_seq"),
                        Room.Kind.fromWire(rs.getString("room_kind")),
                        Rows.member(rs)))
                .findOne();
    }

    @Override
    public Optional<List<Message>> page(long userId, long roomId, HistoryQuery q, int fetch) {
        return db.reader.withHandle(h -> window(h, userId, roomId).map(win -> {
            String sql;
            long anchor;
            if (q.after() != null) {
                sql = "SELECT " + Rows.MESSAGE_COLUMNS
                        + " FROM messages msg WHERE room_id = :r AND seq > :a AND seq BETWEEN :min AND :max ORDER BY seq LIMIT :n";
                anchor = q.after();
            } else {
                sql = "SELECT " + Rows.MESSAGE_COLUMNS
                        + " FROM messages msg WHERE room_id = :r AND seq < :a AND seq BETWEEN :min AND :max ORDER BY seq DESC LIMIT :n";
                anchor = q.before() != null ? q.before() : Long.MAX_VALUE;
            }
            List<Message> rows = new ArrayList<>(h.createQuery(sql)
                    .bind("r", roomId)
                    .bind("a", anchor)
                    .bind("min", win.minSeq())
                    .bind("max", win.maxSeq())
                    .bind("n", fetch)
                    .map(Rows.MESSAGE)
                    .list());
            if (q.after() == null) Collections.reverse(rows);
            return rows;
        }));
    }

    @Override
    public Optional<MessageReceipts> receipts(long userId, long roomId, long seq) {
        return db.reader.withHandle(h -> {
            // Cursors are the present, not part of a former member's window.
            Optional<Window> win =
                    window(h, userId, roomId).filter(w -> w.viewer().active());
            if (win.isEmpty()) return Optional.empty();
            Optional<Long> sender = seq > win.get().maxSeq() || seq < 1
                    ? Optional.empty()
                    : h.createQuery("SELECT sender_id FROM messages WHERE room_id = :r AND seq = :s")
                            .bind("r", roomId)
                            .bind("s", seq)
                            .mapTo(Long.class)
                            .findOne();
            if (sender.isEmpty() || seq < win.get().minSeq()) throw new ConfabException(ErrorCode.MESSAGE_NOT_FOUND);
            List<long[]> rows = h.createQuery("""
                            SELECT user_id, delivered_seq, read_seq FROM members
                            WHERE room_id = :r AND user_id <> :sender AND joined_seq <= :s AND (left_seq IS NULL OR left_seq >= :s)
                            ORDER BY user_id""")
                    .bind("r", roomId)
                    .bind("sender", sender.get())
                    .bind("s", seq)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                    .list();
            rows = rows.stream()
                    .filter(r ->
                            Permissions.seesCursors(win.get().kind(), win.get().viewer(), r[0]))
                    .toList();
            List<Long> delivered =
                    rows.stream().filter(r -> r[1] >= seq).map(r -> r[0]).toList();
            List<Long> read =
                    rows.stream().filter(r -> r[2] >= seq).map(r -> r[0]).toList();
            return Optional.of(new MessageReceipts(seq, delivered, read));
        });
    }

    @Override
    public Optional<List<Long>> seqsOf(long userId, long roomId, List<Long> messageIds) {
        return db.reader.withHandle(h -> window(h, userId, roomId)
                .filter(win -> win.viewer().active())
                .map(win -> h.createQuery(
                                "SELECT seq FROM messages WHERE room_id = :r AND id IN (<ids>) AND seq BETWEEN :min AND :max")
                        .bind("r", roomId)
                        .bindList("ids", new ArrayList<>(new HashSet<>(messageIds)))
                        .bind("min", win.minSeq())
                        .bind("max", win.maxSeq())
                        .mapTo(Long.class)
                        .list()));
    }

    @Override
    public Map<Long, List<ReactionCount>> reactions(long viewerId, Collection<Long> messageIds, int usersPerEmoji) {
        if (messageIds.isEmpty()) return Map.of();
        record Row(long messageId, String emoji, long userId, int count, long rank) {}
        List<Row> rows = db.reader.withHandle(h -> h.createQuery("""
                        SELECT message_id, emoji, user_id, n, rn FROM (
                            SELECT message_id, emoji, user_id,
                                   COUNT(*) OVER (PARTITION BY message_id, emoji) AS n,
                                   ROW_NUMBER() OVER (PARTITION BY message_id, emoji ORDER BY created_at, user_id) AS rn,
                                   MIN(created_at) OVER (PARTITION BY message_id, emoji) AS first_at
                            FROM reactions WHERE message_id IN (<ids>)) t
                        WHERE rn <= :n OR user_id = :me
                        ORDER BY message_id, first_at, emoji, rn""")
                .bindList("ids", List.copyOf(new HashSet<>(messageIds)))
                .bind("n", (long) usersPerEmoji)
                .bind("me", viewerId)
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getLong(5)))
                .list());
        Map<Long, List<ReactionCount>> out = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); ) {
            Row first = rows.get(i);
            List<Long> users = new ArrayList<>();
            boolean mine = false;
            for (;
                    i < rows.size()
                            && rows.get(i).messageId() == first.messageId()
                            && rows.get(i).emoji().equals(first.emoji());
                    i++) {
                Row r = rows.get(i);
                if (r.userId() == viewerId) mine = true;
                if (r.rank() <= usersPerEmoji) users.add(r.userId());
            }
            out.computeIfAbsent(first.messageId(), k -> new ArrayList<>())
                    .add(new ReactionCount(first.emoji(), first.count(), users, mine));
        }
        return out;
    }

    @Override
    public List<Message> messagesAt(long userId, long roomId, Collection<Long> seqs) {
        if (seqs.isEmpty()) return List.of();
        // the window of window() in the same query, so a page's quotes still cost one statement
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + """
                         FROM messages msg JOIN rooms r ON r.id = msg.room_id
                        JOIN members m ON m.room_id = msg.room_id AND m.user_id = :u
                        WHERE msg.room_id = :r AND msg.seq IN (<seqs>)
                          AND msg.seq >= CASE WHEN r.history = 'joined' THEN m.joined_seq ELSE 1 END
                          AND msg.seq <= COALESCE(m.left_seq, r.last_seq)""")
                .bind("r", roomId)
                .bind("u", userId)
                .bindList("seqs", List.copyOf(new HashSet<>(seqs)))
                .map(Rows.MESSAGE)
                .list());
    }

    @Override
    public Optional<Message> readable(long userId, long roomId, long seq) {
        return db.reader.withHandle(h -> window(h, userId, roomId).map(win -> {
            if (seq < win.minSeq() || seq > win.maxSeq()) throw new ConfabException(ErrorCode.MESSAGE_NOT_FOUND);
            return h.createQuery(
                            "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE room_id = :r AND seq = :s")
                    .bind("r", roomId)
                    .bind("s", seq)
                    .map(Rows.MESSAGE)
                    .findOne()
                    .orElseThrow(() -> new ConfabException(ErrorCode.MESSAGE_NOT_FOUND));
        }));
    }
}
