package dev.confab.store;

import dev.confab.inbox.ChatEntry;
import dev.confab.inbox.InboxStore;
import dev.confab.inbox.SyncEvent;
import dev.confab.message.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.ResultIterator;

public final class SqlInboxStore implements InboxStore {
    private final Database db;

    /**
     * Which of my rooms changed after the token, found from the smaller side: when few positions
     * were written since the token (a device that syncs often), walk the rooms whose head moved
     * (index on rooms.last_pos) and keep mine; otherwise walk my memberships (index by user) and
     * keep the rooms that moved. Either way no message is read.
     */
    static final long FEW_CHANGES = 2_000;

    private final long fewChanges;

    /**
     * A page's messages are first looked for in this many pages' worth of stream positions after
     * the token, read in id order and kept if they are in my rooms and windows. For a device behind
     * in its busy rooms that window holds the page, and reading it touches about a page of rows.
     * The rooms' index alone (below) has to read every message of my rooms up to the snapshot and
     * sort them for each page: a catch-up of n messages read about n * n / (2 * limit) rows.
     */
    static final int WINDOW_PAGES = 4;

    private final int windowPages;

    // With each room, what of it I may read (the seqs from the first, up to the last if I left). The
    // CROSS JOIN keeps SQLite walking the rooms whose head moved first; PostgreSQL plans it freely.
    private static final String CHANGED_ROOMS_FROM_STREAM = """
            SELECT r.id, r.history, m.joined_seq, m.left_seq FROM rooms r CROSS JOIN members m
            WHERE r.last_pos > :since AND m.room_id = r.id AND m.user_id = :u
              AND (m.left_pos IS NULL OR m.left_pos > :since)""";

    private static final String CHANGED_ROOMS_FROM_MEMBERSHIPS = """
            SELECT r.id, r.history, m.joined_seq, m.left_seq FROM members m JOIN rooms r ON r.id = m.room_id
            WHERE m.user_id = :u AND r.last_pos > :since AND (m.left_pos IS NULL OR m.left_pos > :since)""";

    private static final String RECEIPTS =
            """
            SELECT o.room_id, o.user_id, o.delivered_seq, o.read_seq, o.cursor_pos
            FROM members o JOIN members m ON m.room_id = o.room_id AND m.user_id = :u
            JOIN rooms r ON r.id = o.room_id
            WHERE o.room_id IN (<rooms>) AND o.cursor_pos > :since AND o.cursor_pos <= :snap
              AND (m.left_pos IS NULL OR o.cursor_pos <= m.left_pos)
              AND (o.user_id = :u OR """ + MemberVisibility.seesReaders("m", "r") + ") ORDER BY o.cursor_pos LIMIT :n";

    public SqlInboxStore(Database db) {
        this(db, FEW_CHANGES, WINDOW_PAGES);
    }

    /**
     * {@code fewChanges}: up to how many positions since the token the stream side is walked;
     * {@code windowPages}: see {@link #WINDOW_PAGES}, 0 for none (tests pin each path).
     */
    SqlInboxStore(Database db, long fewChanges, int windowPages) {
        this.db = db;
        this.fewChanges = fewChanges;
        this.windowPages = windowPages;
    }

    @Override
    public List<ChatEntry> chatList(long userId, int limit) {
        // Room rows carry their newest message id and seq, so this touches one message row per room listed.
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.ROOM_COLUMNS + """
                             , r.last_seq - m.read_seq AS unread, CASE WHEN m.mention_seq > m.read_seq THEN 1 ELSE 0 END AS mentioned,
                               msg.id AS msg_id, msg.room_id AS msg_room_id, msg.seq AS msg_seq, msg.sender_id AS msg_sender_id,
                               msg.client_id AS msg_client_id, msg.kind AS msg_kind, msg.text AS msg_text, msg.data AS msg_data,
                               msg.created_at AS msg_created_at, msg.edited_at AS msg_edited_at
                        FROM members m
                        JOIN rooms r ON r.id = m.room_id
                        LEFT JOIN messages msg ON msg.id = r.last_message_id
                        WHERE m.user_id = :u AND m.left_seq IS NULL
                        ORDER BY r.last_message_id DESC
                        LIMIT :n""")
                .bind("u", userId)
                .bind("n", limit)
                .map((rs, ctx) -> {
                    rs.getLong("msg_id");
                    Message last = rs.wasNull() ? null : Rows.message(rs, "msg_");
                    return new ChatEntry(Rows.room(rs), last, rs.getLong("unread"), rs.getInt("mentioned") == 1);
                })
                .list());
    }

    @Override
    public List<RoomUnread> unread(long userId) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT m.room_id, r.last_seq - m.read_seq AS unread FROM members m JOIN rooms r ON r.id = m.room_id
                        WHERE m.user_id = :u AND m.left_seq IS NULL AND r.last_seq > m.read_seq ORDER BY m.room_id""")
                .bind("u", userId)
                .map((rs, ctx) -> new RoomUnread(rs.getLong(1), rs.getLong(2)))
                .list());
    }

    @Override
    public long streamPosition() {
        return db.reader.withHandle(SqlInboxStore::position);
    }

    private static long position(Handle h) {
        return h.createQuery("SELECT pos FROM stream WHERE id = 1")
                .mapTo(Long.class)
                .one();
    }

    /**
     * Reads in one snapshot: the stream position first, then only changes at or below it. Rooms are
     * narrowed to those whose head moved since the token, so rooms without news cost an index probe
     * and no message is touched that the device already has.
     */
    @Override
    public SyncBatch sync(long userId, long since, int limit) {
        // one snapshot: a read transaction on SQLite, REPEATABLE READ (the read pool's level) on PostgreSQL
        return db.reader.inTransaction(h -> {
            long snapshot = position(h);
            if (snapshot <= since) return new SyncBatch(List.of(), Math.max(snapshot, since), false);
            Map<Long, Readable> readable = new HashMap<>();
            h.createQuery(snapshot - since <= fewChanges ? CHANGED_ROOMS_FROM_STREAM : CHANGED_ROOMS_FROM_MEMBERSHIPS)
                    .bind("u", userId)
                    .bind("since", since)
                    .map((rs, ctx) -> {
                        long first = "all".equals(rs.getString("history")) ? Long.MIN_VALUE : rs.getLong("joined_seq");
                        Long left = Rows.nullableLong(rs, "left_seq");
                        return Map.entry(rs.getLong("id"), new Readable(first, left == null ? Long.MAX_VALUE : left));
                    })
                    .forEach(e -> readable.put(e.getKey(), e.getValue()));
            if (readable.isEmpty()) return new SyncBatch(List.of(), snapshot, false);
            List<Long> rooms = List.copyOf(readable.keySet());
            List<SyncEvent> events = new ArrayList<>();
            long from = since;
            int wanted = limit + 1;
            if (windowPages > 0) {
                long windowEnd = Math.min(snapshot, since + (long) windowPages * wanted);
                int found = messagesInWindow(h, readable, since, windowEnd, wanted, events);
                if (found == wanted || windowEnd == snapshot) wanted = 0;
                else {
                    wanted -= found;
                    from = windowEnd;
                }
            }
            if (wanted > 0)
                h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + """
                                 FROM messages msg JOIN members m ON m.room_id = msg.room_id AND m.user_id = :u
                                 JOIN rooms r ON r.id = msg.room_id
                                WHERE msg.room_id IN (<rooms>) AND msg.id > :since AND msg.id <= :snap
                                  AND (m.left_seq IS NULL OR msg.seq <= m.left_seq)
                                  AND (r.history = 'all' OR msg.seq >= m.joined_seq)
                                ORDER BY msg.id LIMIT :n""")
                        .bind("u", userId)
                        .bindList("rooms", rooms)
                        .bind("since", from)
                        .bind("snap", snapshot)
                        .bind("n", wanted)
                        .map(Rows.MESSAGE)
                        .forEach(m -> events.add(new SyncEvent.MessageEvent(m)));
            // as live: my own cursors, and everyone's where I may see the readers (not a channel's reader)
            h.createQuery(RECEIPTS)
                    .bind("u", userId)
                    .bindList("rooms", rooms)
                    .bind("since", since)
                    .bind("snap", snapshot)
                    .bind("n", limit + 1)
                    .map(Rows.RECEIPT)
                    .forEach(r -> events.add(new SyncEvent.ReceiptEvent(r)));
            // Edits and reactions of messages in my window, made while I was in the room.
            h.createQuery("""
                            SELECT c.pos, c.room_id, c.seq, c.message_id, c.kind, c.actor_id, c.body_kind, c.text, c.data, c.emoji, c.added,
                                   c.count, c.at
                            FROM message_changes c JOIN members m ON m.room_id = c.room_id AND m.user_id = :u
                            JOIN rooms r ON r.id = c.room_id
                            WHERE c.room_id IN (<rooms>) AND c.pos > :since AND c.pos <= :snap
                              AND (m.left_pos IS NULL OR (c.pos <= m.left_pos AND c.seq <= m.left_seq))
                              AND (r.history = 'all' OR c.seq >= m.joined_seq)
                            ORDER BY c.pos LIMIT :n""")
                    .bind("u", userId)
                    .bindList("rooms", rooms)
                    .bind("since", since)
                    .bind("snap", snapshot)
                    .bind("n", limit + 1)
                    .map(Rows.CHANGE)
                    .forEach(c -> events.add(new SyncEvent.ChangeEvent(c)));
            events.sort(Comparator.comparingLong(SyncEvent::pos));
            if (events.size() <= limit) return new SyncBatch(events, snapshot, false);
            List<SyncEvent> page = List.copyOf(events.subList(0, limit));
            return new SyncBatch(page, page.getLast().pos(), true);
        });
    }

    /** Which seqs of a room I may read: those from {@code first}, up to {@code last} if I left. */
    private record Readable(long first, long last) {
        boolean has(long seq) {
            return seq >= first && seq <= last;
        }
    }

    /**
     * Adds the messages of positions {@code (since, end]} that are in my rooms and windows, in id
     * order, up to {@code wanted} of them; returns how many it added. The same rules as the rooms'
     * query, applied to rows read by position.
     */
    private static int messagesInWindow(
            Handle h, Map<Long, Readable> readable, long since, long end, int wanted, List<SyncEvent> events) {
        int added = 0;
        try (ResultIterator<Message> it = h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS
                        + " FROM messages msg WHERE msg.id > :since AND msg.id <= :end ORDER BY msg.id")
                .bind("since", since)
                .bind("end", end)
                // PostgreSQL's driver would otherwise fetch the whole window before the first row
                .setFetchSize(wanted)
                .map((rs, ctx) -> {
                    Readable r = readable.get(rs.getLong("room_id"));
                    return r != null && r.has(rs.getLong("seq")) ? Rows.message(rs, "") : null;
                })
                .iterator()) {
            while (added < wanted && it.hasNext()) {
                Message m = it.next();
                if (m == null) continue;
                events.add(new SyncEvent.MessageEvent(m));
                added++;
            }
        }
        return added;
    }
}
