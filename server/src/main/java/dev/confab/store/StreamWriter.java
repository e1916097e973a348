package dev.confab.store;

import dev.confab.message.Body;
import dev.confab.message.MemberCursor;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.wire.MessageData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Appends to room sequences and moves member cursors inside one transaction, then writes the room
 * and cursor rows once per transaction however many changes touched them.
 *
 * <p>It takes the stream row's lock before anything else: on PostgreSQL that serializes writers in
 * commit order (so a reader never sees pos N+1 without pos N) and gives every transaction the same
 * lock order (no deadlocks). SQLite serializes writers by itself.
 */
final class StreamWriter {
    private final Handle handle;
    private final Instant now;
    private long pos;
    private final Map<Long, RoomState> rooms = new HashMap<>();
    private final Map<CursorKey, Cursor> cursors = new LinkedHashMap<>();
    private final List<Message> appended = new ArrayList<>();
    /** How many of {@link #appended} are already inserted (see {@link #flushMessages()}). */
    private int inserted;

    private final List<MessageChange> changes = new ArrayList<>();

    private static final class RoomState {
        Room.Kind kind;
        long lastSeq;
        long lastMessageId;
        long lastPos;
        /** Direct rooms: how many of the pair block the other; loaded with the head, never written here. */
        long blocked;

        boolean dirty;
    }

    record CursorKey(long roomId, long userId) {}

    /** Pairs looked up and found not to be members, so they are not asked again. */
    private final java.util.Set<CursorKey> absent = new java.util.HashSet<>();

    /** A member's cursors as this transaction sees them; {@code pos} is set by {@link #finish()}. */
    static final class Cursor implements MemberCursor {
        final long roomId;
        final long userId;
        Long leftSeq;
        Role role;
        long delivered;
        long read;
        long pos;
        boolean dirty;

        Cursor(long roomId, long userId, Long leftSeq, Role role, long delivered, long read, long pos) {
            this.roomId = roomId;
            this.userId = userId;
            this.leftSeq = leftSeq;
            this.role = role;
            this.delivered = delivered;
            this.read = read;
            this.pos = pos;
        }

        @Override
        public Receipt receipt() {
            return new Receipt(roomId, userId, delivered, read, pos);
        }

        @Override
        public boolean active() {
            return leftSeq == null;
        }

        @Override
        public long roomId() {
            return roomId;
        }

        @Override
        public long userId() {
            return userId;
        }

        @Override
        public Role role() {
            return role;
        }
    }

    StreamWriter(Handle handle, Instant now) {
        this.handle = handle;
        // Stored as epoch milliseconds: answer with exactly what a later read will return.
        this.now = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.pos = handle.createQuery("UPDATE stream SET pos = pos WHERE id = 1 RETURNING pos")
                .mapTo(Long.class)
                .one();
    }

    Instant now() {
        return now;
    }

    Message append(long roomId, long senderId, String clientId, Body body) {
        RoomState room = room(roomId);
        Message m = new Message(++pos, roomId, ++room.lastSeq, senderId, clientId, body, now);
        room.lastMessageId = m.id();
        room.lastPos = m.id();
        room.dirty = true;
        appended.add(m);
        // Whoever writes into a room has seen what they wrote: their own text and the system messages
        // of their own actions move their cursors alike, so nothing of mine is ever unread for me.
        cursor(roomId, senderId).ifPresent(c -> advance(c, m.seq(), m.seq()));
        return m;
    }

    /** Appended in this transaction, not yet flushed: looked up to answer a resend within one batch. */
    Optional<Message> appendedByClientId(long senderId, String clientId) {
        for (Message m : appended) {
            if (m.senderId() == senderId && clientId.equals(m.clientId())) return Optional.of(m);
        }
        return Optional.empty();
    }

    long lastSeq(long roomId) {
        return room(roomId).lastSeq;
    }

    /**
     * The next stream position, for a change to an existing message of the room: the room's head
     * moves (so sync finds the room) but its seq does not (so nobody's unread count changes).
     */
    long changePosition(long roomId) {
        RoomState room = room(roomId);
        room.lastPos = ++pos;
        room.dirty = true;
        return pos;
    }

    /** Records an edit or reaction at the position {@link #changePosition} gave it: written once, in {@link #finish()}. */
    void changed(MessageChange change) {
        changes.add(change);
    }

    /** Inserts the messages appended so far, so this transaction's queries see them (an edit of a message in the same batch). */
    void flushMessages() {
        if (inserted == appended.size()) return;
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO messages (id, room_id, seq, sender_id, client_id, kind, text, data, created_at)
                VALUES (:id, :roomId, :seq, :senderId, :clientId, :kind, :text, :data, :at)""");
        for (Message m : appended.subList(inserted, appended.size())) {
            insert.bind("id", m.id())
                    .bind("roomId", m.roomId())
                    .bind("seq", m.seq())
                    .bind("senderId", m.senderId())
                    .bind("clientId", m.clientId())
                    .bind("kind", m.kind())
                    .bind("text", MessageData.text(m.body()))
                    .bind("data", MessageData.encode(m.body()))
                    .bind("at", m.createdAt().toEpochMilli())
                    .add();
        }
        insert.execute();
        inserted = appended.size();
    }

    private final List<long[]> mentions = new ArrayList<>();

    /** Records that message {@code seq} mentions the member: written once, in {@link #finish()}. */
    void mention(long roomId, long userId, long seq) {
        mentions.add(new long[] {roomId, userId, seq});
    }

    /** Whether posting in the room is suspended by a block between its two members. */
    boolean blocked(long roomId) {
        return room(roomId).blocked > 0;
    }

    /** The member's cursor, or empty when the user never was a member of the room. */
    Optional<Cursor> cursor(long roomId, long userId) {
        CursorKey key = new CursorKey(roomId, userId);
        Cursor c = cursors.get(key);
        if (c != null) return Optional.of(c);
        if (absent.contains(key)) return Optional.empty();
        Optional<Cursor> loaded = handle.createQuery(
                        "SELECT room_id, user_id, left_seq, role, delivered_seq, read_seq, cursor_pos FROM members WHERE room_id = :r AND user_id = :u")
                .bind("r", roomId)
                .bind("u", userId)
                .map(StreamWriter::cursorRow)
                .findOne();
        if (loaded.isPresent()) cursors.put(key, loaded.get());
        else absent.add(key);
        return loaded;
    }

    private static Cursor cursorRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Cursor(
                rs.getLong("room_id"),
                rs.getLong("user_id"),
                Rows.nullableLong(rs, "left_seq"),
                Role.fromWire(rs.getString("role")),
                rs.getLong("delivered_seq"),
                rs.getLong("read_seq"),
                rs.getLong("cursor_pos"));
    }

    /**
     * Loads the cursors of these (room, user) pairs and the heads of their rooms in one query
     * each, for a whole batch: on PostgreSQL every query inside the commit is a round trip the
     * single writer waits for. Not for SQLite: it answers a row-value IN list with a table scan,
     * while its one-row lookups cost no round trip.
     */
    void preload(Collection<CursorKey> keys) {
        List<CursorKey> wanted = keys.stream()
                .distinct()
                .filter(k -> !cursors.containsKey(k) && !absent.contains(k))
                .toList();
        for (int from = 0; from < wanted.size(); from += PRELOAD_CHUNK) {
            List<CursorKey> part = wanted.subList(from, Math.min(wanted.size(), from + PRELOAD_CHUNK));
            String pairs = PairPlaceholders.of(part.size(), "r", "u");
            var q = handle.createQuery("""
                    SELECT room_id, user_id, left_seq, role, delivered_seq, read_seq, cursor_pos FROM members
                    WHERE (room_id, user_id) IN (VALUES %s)""".formatted(pairs));
            for (int i = 0; i < part.size(); i++)
                q.bind("r" + i, part.get(i).roomId()).bind("u" + i, part.get(i).userId());
            q.map(StreamWriter::cursorRow).forEach(c -> cursors.putIfAbsent(new CursorKey(c.roomId, c.userId), c));
            for (CursorKey k : part) if (!cursors.containsKey(k)) absent.add(k);
        }
        List<Long> roomIds = wanted.stream()
                .map(CursorKey::roomId)
                .distinct()
                .filter(r -> !rooms.containsKey(r))
                .toList();
        if (roomIds.isEmpty()) return;
        handle.createQuery(
                        "SELECT id, kind, last_seq, last_message_id, last_pos, blocked FROM rooms WHERE id IN (<ids>)")
                .bindList("ids", roomIds)
                .map((rs, ctx) -> {
                    RoomState s = new RoomState();
                    s.kind = Room.Kind.fromWire(rs.getString("kind"));
                    s.lastSeq = rs.getLong("last_seq");
                    s.lastMessageId = rs.getLong("last_message_id");
                    s.lastPos = rs.getLong("last_pos");
                    s.blocked = rs.getLong("blocked");
                    return Map.entry(rs.getLong("id"), s);
                })
                .forEach(e -> rooms.putIfAbsent(e.getKey(), e.getValue()));
    }

    private static final int PRELOAD_CHUNK = 200;

    /** Moves cursors forward (never back), capped at what the member can see; true if anything moved. */
    boolean advance(Cursor c, long delivered, long read) {
        long cap = c.leftSeq != null ? c.leftSeq : lastSeq(c.roomId);
        long r = Math.min(Math.max(c.read, read), cap);
        long d = Math.min(Math.max(c.delivered, Math.max(delivered, r)), cap);
        if (r == c.read && d == c.delivered) return false;
        c.read = r;
        c.delivered = d;
        c.dirty = true;
        return true;
    }

    /** Registers a member row written by the caller, so later cursor moves in this transaction see it. */
    void joined(long roomId, long userId, Role role, long seq) {
        absent.remove(new CursorKey(roomId, userId));
        cursors.put(new CursorKey(roomId, userId), new Cursor(roomId, userId, null, role, seq, seq, 0));
    }

    /**
     * Follows a role the caller wrote to the member row. The cursor is kept, not dropped: a move
     * made earlier in this transaction must still be written by {@link #finish()}.
     */
    void roleChanged(long roomId, long userId, Role role) {
        Cursor c = cursors.get(new CursorKey(roomId, userId));
        if (c != null) c.role = role;
    }

    /** Follows the end of a membership the caller wrote: the cursors stay capped at what the member can still see. */
    void ended(long roomId, long userId, long leftSeq) {
        Cursor c = cursors.get(new CursorKey(roomId, userId));
        if (c == null) return;
        c.leftSeq = leftSeq;
        c.read = Math.min(c.read, leftSeq);
        c.delivered = Math.min(c.delivered, leftSeq);
    }

    /** The cursors {@link #finish()} wrote, each at its new position: what the transaction has to announce. */
    List<Receipt> moved() {
        return cursors.values().stream()
                .filter(c -> c.dirty)
                .map(Cursor::receipt)
                .toList();
    }

    Room.Kind kind(long roomId) {
        return room(roomId).kind;
    }

    private RoomState room(long roomId) {
        return rooms.computeIfAbsent(roomId, id -> {
            RoomState s = new RoomState();
            var row = handle.createQuery(
                            "SELECT kind, last_seq, last_message_id, last_pos, blocked FROM rooms WHERE id = :id")
                    .bind("id", id)
                    .mapToMap()
                    .one();
            s.kind = Room.Kind.fromWire((String) row.get("kind"));
            s.lastSeq = ((Number) row.get("last_seq")).longValue();
            s.lastMessageId = ((Number) row.get("last_message_id")).longValue();
            s.lastPos = ((Number) row.get("last_pos")).longValue();
            s.blocked = ((Number) row.get("blocked")).longValue();
            return s;
        });
    }

    /** Writes messages, cursors, room heads and the stream position. Call once, last. */
    void finish() {
        flushMessages();
        if (!changes.isEmpty()) {
            PreparedBatch insert = handle.prepareBatch("""
                    INSERT INTO message_changes (pos, room_id, seq, message_id, kind, actor_id, body_kind, text, data, emoji, added, count, at)
                    VALUES (:pos, :room, :seq, :msg, :kind, :actor, :bodyKind, :text, :data, :emoji, :added, :count, :at)""");
            for (MessageChange c : changes) {
                insert.bind("pos", c.pos())
                        .bind("room", c.roomId())
                        .bind("seq", c.seq())
                        .bind("msg", c.messageId())
                        .bind("at", now.toEpochMilli());
                switch (c) {
                    case MessageChange.Edited e ->
                        insert.bind("kind", "edit")
                                .bind("actor", e.editorId())
                                .bind("bodyKind", e.body().kind())
                                .bind("text", MessageData.text(e.body()))
                                .bind("data", MessageData.encode(e.body()))
                                .bindNull("emoji", java.sql.Types.VARCHAR)
                                .bindNull("added", java.sql.Types.BOOLEAN)
                                .bindNull("count", java.sql.Types.INTEGER);
                    case MessageChange.Reacted r ->
                        insert.bind("kind", "reaction")
                                .bind("actor", r.userId())
                                .bindNull("bodyKind", java.sql.Types.VARCHAR)
                                .bindNull("text", java.sql.Types.VARCHAR)
                                .bindNull("data", java.sql.Types.VARCHAR)
                                .bind("emoji", r.emoji())
                                .bind("added", r.added())
                                .bind("count", r.count());
                }
                insert.add();
            }
            insert.execute();
        }
        List<Cursor> moved = cursors.values().stream().filter(c -> c.dirty).toList();
        if (!moved.isEmpty()) {
            PreparedBatch update = handle.prepareBatch("""
                    UPDATE members SET delivered_seq = :d, read_seq = :r, cursor_pos = :p WHERE room_id = :room AND user_id = :user""");
            for (Cursor c : moved) {
                c.pos = ++pos;
                RoomState room = room(c.roomId);
                room.lastPos = c.pos;
                room.dirty = true;
                update.bind("d", c.delivered)
                        .bind("r", c.read)
                        .bind("p", c.pos)
                        .bind("room", c.roomId)
                        .bind("user", c.userId)
                        .add();
            }
            update.execute();
        }
        if (!mentions.isEmpty()) {
            PreparedBatch mentioned = handle.prepareBatch(
                    "UPDATE members SET mention_seq = :s WHERE room_id = :r AND user_id = :u AND mention_seq < :s");
            for (long[] m : mentions)
                mentioned.bind("r", m[0]).bind("u", m[1]).bind("s", m[2]).add();
            mentioned.execute();
        }
        PreparedBatch heads = handle.prepareBatch("""
                UPDATE rooms SET last_seq = :seq, last_message_id = :msg, last_pos = :pos WHERE id = :id""");
        boolean any = false;
        for (var e : rooms.entrySet()) {
            RoomState s = e.getValue();
            if (!s.dirty) continue;
            heads.bind("seq", s.lastSeq)
                    .bind("msg", s.lastMessageId)
                    .bind("pos", s.lastPos)
                    .bind("id", e.getKey())
                    .add();
            any = true;
        }
        if (any) heads.execute();
        handle.createUpdate("UPDATE stream SET pos = :pos WHERE id = 1")
                .bind("pos", pos)
                .execute();
    }
}
