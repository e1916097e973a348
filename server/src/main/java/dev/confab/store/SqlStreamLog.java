package dev.confab.store;

import dev.confab.message.Message;
import java.util.List;

/** Committed messages by stream position, for nodes that missed them on the bus. */
public final class SqlStreamLog {
    private final Database db;

    public SqlStreamLog(Database db) {
        this.db = db;
    }

    public long position() {
        return db.reader.withHandle(h -> h.createQuery("SELECT pos FROM stream WHERE id = 1")
                .mapTo(Long.class)
                .one());
    }

    /** Messages with {@code after < id <= upTo} (a message's id is its stream position), ascending. */
    public List<Message> messagesBetween(long after, long upTo, int limit) {
        // The shared column list: the mapper reads every column a message has (edits added edited_at).
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS
                        + " FROM messages msg WHERE msg.id > :after AND msg.id <= :upTo ORDER BY msg.id LIMIT :n")
                .bind("after", after)
                .bind("upTo", upTo)
                .bind("n", limit)
                .map(Rows.MESSAGE)
                .list());
    }
}
