package dev.confab.store;

import dev.confab.message.Body;
import dev.confab.message.CommitTx;
import dev.confab.message.MemberCursor;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Write;
import dev.confab.room.Room;
import dev.confab.wire.MessageData;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@link CommitTx} over one writing transaction that holds the stream lock. */
final class SqlCommitTx implements CommitTx {
    private final Handle h;
    private final StreamWriter w;
    private final Dialect dialect;
    /** PostgreSQL: the batch's earlier posts read up front; null to look each one up (SQLite). */
    private Map<ClientKey, Message> earlier;

    private record ClientKey(long senderId, String clientId) {}

    SqlCommitTx(Handle h, StreamWriter w, Dialect dialect) {
        this.h = h;
        this.w = w;
        this.dialect = dialect;
    }

    @Override
    public Instant now() {
        return w.now();
    }

    /**
     * PostgreSQL: reads the batch's member rows, room heads and resends in a few queries, since
     * every query inside the commit is a round trip the single writer waits for. SQLite keeps
     * one-row lookups: they cost no round trip, and it answers a row-value IN list with a scan.
     */
    @Override
    public void prefetch(List<Write> writes) {
        if (dialect != Dialect.POSTGRES) return;
        w.preload(writes.stream().map(SqlCommitTx::cursorKey).toList());
        earlier = earlierPosts(writes);
    }

    private static StreamWriter.CursorKey cursorKey(Write w) {
        return switch (w) {
            case Write.Post p -> new StreamWriter.CursorKey(p.roomId(), p.senderId());
            case Write.MediaPost p -> new StreamWriter.CursorKey(p.roomId(), p.senderId());
            case Write.CursorMove c -> new StreamWriter.CursorKey(c.roomId(), c.userId());
            case Write.Forward f -> new StreamWriter.CursorKey(f.roomId(), f.senderId());
            case Write.Edit e -> new StreamWriter.CursorKey(e.roomId(), e.editorId());
            case Write.React r -> new StreamWriter.CursorKey(r.roomId(), r.userId());
        };
    }

    /** Messages already stored under the batch's (sender, clientId) pairs: resends, found with one query per 200 posts. */
    private Map<ClientKey, Message> earlierPosts(List<Write> writes) {
        List<ClientKey> keys = writes.stream()
                .<ClientKey>mapMulti((x, out) -> {
                    if (x instanceof Write.Post p) out.accept(new ClientKey(p.senderId(), p.clientId()));
                    if (x instanceof Write.Forward f) out.accept(new ClientKey(f.senderId(), f.clientId()));
                    if (x instanceof Write.MediaPost p) out.accept(new ClientKey(p.senderId(), p.clientId()));
                })
                .distinct()
                .toList();
        Map<ClientKey, Message> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += 200) {
            List<ClientKey> part = keys.subList(from, Math.min(keys.size(), from + 200));
            String pairs = PairPlaceholders.of(part.size(), "s", "c");
            var q = h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS
                    + " FROM messages msg WHERE (sender_id, client_id) IN (VALUES " + pairs + ")");
            for (int i = 0; i < part.size(); i++)
                q.bind("s" + i, part.get(i).senderId())
                        .bind("c" + i, part.get(i).clientId());
            q.map(Rows.MESSAGE).forEach(m -> found.put(new ClientKey(m.senderId(), m.clientId()), m));
        }
        return found;
    }

    @Override
    public Optional<Message> byClientId(long senderId, String clientId) {
        return w.appendedByClientId(senderId, clientId)
                .or(() -> earlier != null
                        ? Optional.ofNullable(earlier.get(new ClientKey(senderId, clientId)))
                        : h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS
                                        + " FROM messages msg WHERE sender_id = :s AND client_id = :c")
                                .bind("s", senderId)
                                .bind("c", clientId)
                                .map(Rows.MESSAGE)
                                .findOne());
    }

    @Override
    public Optional<MemberCursor> member(long roomId, long userId) {
        return w.cursor(roomId, userId).map(c -> c);
    }

    @Override
    public Room.Kind roomKind(long roomId) {
        return w.kind(roomId);
    }

    @Override
    public boolean hidesEarlierHistory(long roomId) {
        return h.createQuery("SELECT history FROM rooms WHERE id = :r")
                .bind("r", roomId)
                .mapTo(String.class)
                .findOne()
                .map(Room.History.JOINED.wire()::equals)
                .orElse(false);
    }

    @Override
    public boolean blocked(long roomId) {
        return w.blocked(roomId);
    }

    @Override
    public List<Long> activeMembersNamed(long roomId, Collection<String> usernames, long exceptUserId) {
        return h.createQuery("""
                        SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id
                        WHERE m.room_id = :r AND m.left_seq IS NULL AND m.user_id <> :s AND u.username IN (<names>)
                        ORDER BY m.user_id""")
                .bind("r", roomId)
                .bind("s", exceptUserId)
                .bindList("names", List.copyOf(usernames))
                .mapTo(Long.class)
                .list();
    }

    @Override
    public Optional<Message> readable(long roomId, long userId, long seq) {
        Optional<long[]> window = h.createQuery("""
                        SELECT CASE WHEN r.history = 'joined' THEN m.joined_seq ELSE 1 END AS min_seq, m.left_seq
                        FROM members m JOIN rooms r ON r.id = m.room_id WHERE m.room_id = :r AND m.user_id = :u""")
                .bind("r", roomId)
                .bind("u", userId)
                .map((rs, ctx) -> new long[] {
                    rs.getLong("min_seq"), rs.getObject("left_seq") == null ? -1 : rs.getLong("left_seq")
                })
                .findOne();
        if (window.isEmpty()) return Optional.empty();
        long min = window.get()[0];
        // the room's head as this transaction has moved it, not as last committed
        long max = window.get()[1] >= 0 ? window.get()[1] : w.lastSeq(roomId);
        if (seq < min || seq > max) return Optional.empty();
        w.flushMessages();
        return h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE room_id = :r AND seq = :s")
                .bind("r", roomId)
                .bind("s", seq)
                .map(Rows.MESSAGE)
                .findOne();
    }

    @Override
    public String displayName(long userId) {
        return h.createQuery("SELECT display_name FROM users WHERE id = :u")
                .bind("u", userId)
                .mapTo(String.class)
                .one();
    }

    @Override
    public MessageChange.Edited edit(Message m, long editorId, Body body) {
        h.createUpdate("UPDATE messages SET text = :t, data = :d, edited_at = :at WHERE id = :id")
                .bind("t", MessageData.text(body))
                .bind("d", MessageData.encode(body))
                .bind("at", w.now().toEpochMilli())
                .bind("id", m.id())
                .execute();
        MessageChange.Edited change = new MessageChange.Edited(
                w.changePosition(m.roomId()), m.roomId(), m.seq(), m.id(), editorId, body, w.now());
        w.changed(change);
        return change;
    }

    @Override
    public Optional<MessageChange.Reacted> react(Message m, long userId, String emoji, boolean add) {
        int rows = add
                ? h.createUpdate(
                                "INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (:m, :e, :u, :at) ON CONFLICT DO NOTHING")
                        .bind("m", m.id())
                        .bind("e", emoji)
                        .bind("u", userId)
                        .bind("at", w.now().toEpochMilli())
                        .execute()
                : h.createUpdate("DELETE FROM reactions WHERE message_id = :m AND emoji = :e AND user_id = :u")
                        .bind("m", m.id())
                        .bind("e", emoji)
                        .bind("u", userId)
                        .execute();
        if (rows == 0) return Optional.empty();
        int count = h.createQuery("SELECT COUNT(*) FROM reactions WHERE message_id = :m AND emoji = :e")
                .bind("m", m.id())
                .bind("e", emoji)
                .mapTo(Integer.class)
                .one();
        MessageChange.Reacted change = new MessageChange.Reacted(
                w.changePosition(m.roomId()), m.roomId(), m.seq(), m.id(), userId, emoji, add, count);
        w.changed(change);
        return Optional.of(change);
    }

    @Override
    public Message append(long roomId, long senderId, String clientId, Body body) {
        return w.append(roomId, senderId, clientId, body);
    }

    @Override
    public boolean advance(MemberCursor cursor, long delivered, long read) {
        return w.advance((StreamWriter.Cursor) cursor, delivered, read);
    }

    @Override
    public void mention(long roomId, long userId, long seq) {
        w.mention(roomId, userId, seq);
    }

    @Override
    public Optional<Body.Attachment> ownUpload(long mediaId, long ownerId) {
        return h.createQuery(
                        "SELECT " + SqlMediaCatalog.COLUMNS + " FROM media md WHERE md.id = :id AND md.owner_id = :o")
                .bind("id", mediaId)
                .bind("o", ownerId)
                .map(SqlMediaCatalog.MEDIA)
                .findOne()
                .map(m -> new Body.Attachment(
                        m.id(),
                        m.kind().wire(),
                        m.type(),
                        m.size(),
                        m.name(),
                        m.width(),
                        m.height(),
                        m.durationMs(),
                        m.placeholder(),
                        m.hasThumbnail()));
    }

    @Override
    public void attachMedia(long mediaId, long roomId, long seq) {
        h.createUpdate("INSERT INTO media_refs (media_id, room_id, seq) VALUES (:m, :r, :s)")
                .bind("m", mediaId)
                .bind("r", roomId)
                .bind("s", seq)
                .execute();
    }
}
