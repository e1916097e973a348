package dev.confab.store;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.message.HistoryQuery;
import dev.confab.message.Mentions;
import dev.confab.message.Message;
import dev.confab.message.MessageStore;
import dev.confab.message.Outcome;
import dev.confab.message.Write;
import dev.confab.room.Action;
import dev.confab.room.Member;
import dev.confab.room.Permissions;
import dev.confab.room.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

public final class SqlMessageStore implements MessageStore {
    private final Database db;

    public SqlMessageStore(Database db) {
        this.db = db;
    }

    /**
     * Outcomes that carry a receipt wait for {@link StreamWriter#finish()} to know its final position.
     * {@code announce}: this write is the first of the batch to move the cursor, so its outcome
     * carries the receipt to publish (one per cursor and batch, however many writes moved it).
     */
    private record PendingMove(StreamWriter.Cursor cursor, boolean announce) {}

    private record PendingPost(Message message, StreamWriter.Cursor sender, boolean announce) {}

    @Override
    public List<Outcome> commit(List<Write> writes, Instant now) {
        return db.writer.inTransaction(h -> {
            StreamWriter w = new StreamWriter(h, now);
            // PostgreSQL: read what the batch needs up front, a few round trips instead of several per write.
            boolean batchedReads = db.dialect() == Dialect.POSTGRES;
            if (batchedReads) w.preload(writes.stream().map(SqlMessageStore::cursorKey).toList());
            Map<ClientKey, Message> earlier = batchedReads ? earlierPosts(h, writes) : null;
            List<Object> interim = new ArrayList<>(writes.size());
            Set<StreamWriter.Cursor> announced = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Write write : writes) {
                switch (write) {
                    case Write.Post p -> {
                        Outcome o = post(h, w, p, earlier);
                        if (o instanceof Outcome.Posted posted && !posted.duplicate()) {
                            StreamWriter.Cursor sender = w.cursor(p.roomId(), p.senderId()).orElseThrow();
                            interim.add(new PendingPost(posted.message(), sender, announced.add(sender)));
                        } else {
                            interim.add(o);
                        }
                    }
                    case Write.CursorMove c -> {
                        Optional<StreamWriter.Cursor> cursor = w.cursor(c.roomId(), c.userId());
                        // A former member keeps reading their window but changes nothing, their cursors included.
                        if (cursor.isEmpty() || !cursor.get().active()) {
                            interim.add(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
                        } else {
                            boolean changed = w.advance(cursor.get(), c.delivered(), c.read());
                            interim.add(new PendingMove(cursor.get(), changed && announced.add(cursor.get())));
                        }
                    }
                }
            }
            w.finish();
            List<Outcome> outcomes = new ArrayList<>(interim.size());
            for (Object o : interim) {
                outcomes.add(switch (o) {
                    case PendingMove pm -> new Outcome.Moved(pm.cursor().receipt(), pm.announce());
                    case PendingPost pp -> new Outcome.Posted(pp.message(), false, pp.announce() ? pp.sender().receipt() : null);
                    default -> (Outcome) o;
                });
            }
            return outcomes;
        });
    }

    private static StreamWriter.CursorKey cursorKey(Write w) {
        return switch (w) {
            case Write.Post p -> new StreamWriter.CursorKey(p.roomId(), p.senderId());
            case Write.CursorMove c -> new StreamWriter.CursorKey(c.roomId(), c.userId());
        };
    }

    private record ClientKey(long senderId, String clientId) {}

    /** Messages already stored under the batch's (sender, clientId) pairs: resends, found with one query per 200 posts. */
    private static Map<ClientKey, Message> earlierPosts(Handle h, List<Write> writes) {
        List<ClientKey> keys = writes.stream().filter(w -> w instanceof Write.Post).map(w -> (Write.Post) w)
                .map(p -> new ClientKey(p.senderId(), p.clientId())).distinct().toList();
        Map<ClientKey, Message> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += 200) {
            List<ClientKey> part = keys.subList(from, Math.min(keys.size(), from + 200));
            StringBuilder pairs = new StringBuilder();
            for (int i = 0; i < part.size(); i++) pairs.append(i == 0 ? "" : ", ").append("(:s").append(i).append(", :c").append(i).append(')');
            var q = h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE (sender_id, client_id) IN (VALUES " + pairs + ")");
            for (int i = 0; i < part.size(); i++) q.bind("s" + i, part.get(i).senderId()).bind("c" + i, part.get(i).clientId());
            q.map(Rows.MESSAGE).forEach(m -> found.put(new ClientKey(m.senderId(), m.clientId()), m));
        }
        return found;
    }

    /** The active members, other than the sender, whose usernames the text mentions; one query, only when it mentions anyone. */
    private static List<Long> mentionedMembers(Handle h, Write.Post p) {
        var names = Mentions.usernames(p.text());
        if (names.isEmpty()) return List.of();
        return h.createQuery("""
                        SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id
                        WHERE m.room_id = :r AND m.left_seq IS NULL AND m.user_id <> :s AND u.username IN (<names>)
                        ORDER BY m.user_id""")
                .bind("r", p.roomId()).bind("s", p.senderId()).bindList("names", List.copyOf(names)).mapTo(Long.class).list();
    }

    /** {@code stored}: the batch's earlier posts read up front, or null to look each one up here. */
    private static Outcome post(Handle h, StreamWriter w, Write.Post p, Map<ClientKey, Message> stored) {
        Optional<Message> earlier = w.appendedByClientId(p.senderId(), p.clientId())
                .or(() -> stored != null ? Optional.ofNullable(stored.get(new ClientKey(p.senderId(), p.clientId())))
                        : h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE sender_id = :s AND client_id = :c")
                                .bind("s", p.senderId()).bind("c", p.clientId()).map(Rows.MESSAGE).findOne());
        if (earlier.isPresent()) {
            Message m = earlier.get();
            boolean same = m.roomId() == p.roomId() && p.text().equals(m.text());
            return same ? new Outcome.Posted(m, true) : new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT);
        }
        Optional<StreamWriter.Cursor> sender = w.cursor(p.roomId(), p.senderId());
        if (sender.isEmpty() || !sender.get().active()) return new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND);
        if (!Permissions.allows(w.kind(p.roomId()), sender.get().role, Action.POST)) return new Outcome.Rejected(ErrorCode.FORBIDDEN);
        if (w.blocked(p.roomId())) return new Outcome.Rejected(ErrorCode.BLOCKED);
        List<Long> mentioned = mentionedMembers(h, p);
        String data = mentioned.isEmpty() ? null : Message.idsData("mentions", mentioned);
        Message m = w.append(p.roomId(), p.senderId(), p.clientId(), Message.TEXT, p.text(), data);
        for (long u : mentioned) w.mention(p.roomId(), u, m.seq());
        return new Outcome.Posted(m, false);
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
                .bind("r", roomId).bind("u", userId)
                .map((rs, ctx) -> new Window(rs.getLong("min_seq"), rs.getLong("max_seq"), Room.Kind.fromWire(rs.getString("room_kind")),
                        Rows.member(rs)))
                .findOne();
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
            // Cursors are the present, not part of a former member's window.
            Optional<Window> win = window(h, userId, roomId).filter(w -> w.viewer().active());
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
            rows = rows.stream().filter(r -> Permissions.seesCursors(win.get().kind(), win.get().viewer(), r[0])).toList();
            List<Long> delivered = rows.stream().filter(r -> r[1] >= seq).map(r -> r[0]).toList();
            List<Long> read = rows.stream().filter(r -> r[2] >= seq).map(r -> r[0]).toList();
            return Optional.of(new MessageReceipts(seq, delivered, read));
        });
    }

    @Override
    public Optional<List<Long>> seqsOf(long userId, long roomId, List<Long> messageIds) {
        return db.reader.withHandle(h -> window(h, userId, roomId).filter(win -> win.viewer().active())
                .map(win -> h.createQuery("SELECT seq FROM messages WHERE room_id = :r AND id IN (<ids>) AND seq BETWEEN :min AND :max")
                        .bind("r", roomId).bindList("ids", new ArrayList<>(new HashSet<>(messageIds))).bind("min", win.minSeq()).bind("max", win.maxSeq())
                        .mapTo(Long.class).list()));
    }
}
