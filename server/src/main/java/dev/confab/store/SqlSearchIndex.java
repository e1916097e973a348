package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.search.SearchHit;
import dev.confab.search.SearchIndex;
import dev.confab.search.SearchQuery;
import dev.confab.search.Snippet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What the two search adapters share: the membership-window restriction, paging, and snippets.
 * Each dialect says how text is matched.
 */
public abstract class SqlSearchIndex implements SearchIndex {
    /** Hits restricted in SQL to what the user may read: their rooms, their window in each, posts only. */
    static final String READABLE = """
            JOIN members m ON m.room_id = msg.room_id AND m.user_id = :u
            JOIN rooms r ON r.id = msg.room_id
            WHERE msg.text IS NOT NULL AND msg.kind <> 'deleted'
              AND msg.seq >= CASE WHEN r.history = 'joined' THEN m.joined_seq ELSE 1 END
              AND (m.left_seq IS NULL OR msg.seq <= m.left_seq)""";

    /**
     * Relevance ranks this many of the newest matches: a word in most messages would otherwise be
     * scored in every one of them for each page. In a chat the best match among the recent ones is
     * what people look for; older history is reached newest first.
     */
    static final int RELEVANCE_WINDOW = 1000;

    /** Characters of a snippet around a substring hit. */
    static final int SNIPPET_RADIUS = 60;

    final Database db;

    SqlSearchIndex(Database db) {
        this.db = db;
    }

    public static SearchIndex forDialect(Database db) {
        return forDialect(db, PostgresSearchIndex.RECENT_WINDOW);
    }

    /** With PostgreSQL's recent window set, so a test can make both of its paths answer. */
    static SearchIndex forDialect(Database db, int recentWindow) {
        return switch (db.dialect()) {
            case SQLITE -> new SqliteSearchIndex(db);
            case POSTGRES -> new PostgresSearchIndex(db, recentWindow);
        };
    }

    @Override
    public Optional<List<SearchHit>> search(long userId, SearchQuery q) {
        return db.reader.withHandle(h -> {
            if (q.roomId() != null
                    && h.createQuery("SELECT COUNT(*) FROM members WHERE room_id = :r AND user_id = :u")
                                    .bind("r", q.roomId())
                                    .bind("u", userId)
                                    .mapTo(Integer.class)
                                    .one()
                            == 0) {
                return Optional.empty();
            }
            List<Message> rows = q.bySubstring() ? substring(h, userId, q) : words(h, userId, q);
            // Snippets are cut here from the rows already read: asking the database (FTS5 snippet(),
            // ts_headline) reads a frequent word's whole posting list again, for every page.
            List<SearchHit> hits = new ArrayList<>(rows.size());
            for (Message m : rows) {
                hits.add(new SearchHit(
                        m,
                        q.bySubstring()
                                ? Snippet.around(m.text(), q.substring(), SNIPPET_RADIUS)
                                : Snippet.ofWords(m.text(), q.terms(), SNIPPET_RADIUS)));
            }
            return Optional.of(hits);
        });
    }

    /** Messages whose words start with every term, in the query's order, at most {@code limit + 1}. */
    abstract List<Message> words(Handle h, long userId, SearchQuery q);

    /** Messages containing the substring (case-insensitive), newest first, at most {@code limit + 1}. */
    abstract List<Message> substring(Handle h, long userId, SearchQuery q);

    /** Binds the optional room, page anchor and size that {@link #paging} wrote into the SQL. */
    static String paging(SearchQuery q, String idColumn) {
        StringBuilder sql = new StringBuilder();
        if (q.roomId() != null) sql.append(" AND msg.room_id = :room");
        if (q.order() == SearchQuery.Order.RECENT && q.after() != null)
            sql.append(" AND ").append(idColumn).append(" < :after");
        return sql.toString();
    }

    static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindPaging(Q stmt, long userId, SearchQuery q) {
        stmt.bind("u", userId).bind("n", q.limit() + 1);
        if (q.roomId() != null) stmt.bind("room", q.roomId());
        if (q.order() == SearchQuery.Order.RECENT && q.after() != null) stmt.bind("after", q.after());
        if (q.order() == SearchQuery.Order.RELEVANCE) stmt.bind("off", q.after() == null ? 0 : q.after());
        return stmt;
    }

    /** {@code LIKE} pattern for a substring, with its wildcards escaped by backslash. */
    static String likePattern(String s) {
        return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
