package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.search.SearchQuery;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * PostgreSQL: words through the generated {@code messages.search} tsvector ('simple', diacritics folded:
 * no stemming, so any language) and its GIN index, every term a prefix ({@code 'conf':*});
 * substrings through ILIKE, which pg_trgm's GIN index serves from three characters on. Relevance
 * ranks (ts_rank) the newest {@link #RELEVANCE_WINDOW} matches.
 */
final class PostgresSearchIndex extends SqlSearchIndex {
    PostgresSearchIndex(Database db, int recentWindow) {
        super(db);
        this.recentWindow = recentWindow;
    }

    /**
     * How many of the newest message ids a newest-first page looks through, in my rooms only, before
     * asking the index. A frequent word or short prefix fills its page there in a few milliseconds,
     * while through the index all its hits are read before the newest are picked (0.8-1.2 s at 1M
     * messages for a word in 60% of them). The cost is bounded by my rooms' messages among these ids
     * (about 2,000 of 20,000 for the bench's reader, 2-10 ms), read through messages_by_room_pos.
     */
    static final int RECENT_WINDOW = 20_000;

    /** How many windows wide the second look may be. */
    static final int MAX_REACH = 8;

    private final int recentWindow;

    /**
     * Newest first: the recent window first (see {@link #RECENT_WINDOW}); if it holds a full page,
     * that is the page, since every readable match newer than its last row was in the window.
     * Otherwise, and for relevance, the GIN index is read first, in a materialized CTE that keeps
     * the hits' rows, and only those are checked against my membership windows: no plan can then
     * walk my rooms' messages. Left to itself the planner did, one room at a time, testing every
     * row's tsvector (100,000 heap rows, 3-5 s, for a word in 181 messages), as it cannot estimate a
     * prefix query's selectivity.
     */
    @Override
    List<Message> words(Handle h, long userId, SearchQuery q) {
        if (q.order() == SearchQuery.Order.RECENT) {
            // ts_match_vq is what @@ calls; written as a function it is not an index condition,
            // so this scan stays on the (room_id, id) index.
            Optional<List<Message>> page = fromRecentWindow(
                    h, userId, q, "ts_match_vq(msg.search, to_tsquery('simple', confab_fold(:q)))", tsquery(q));
            if (page.isPresent()) return page.get();
        }
        boolean relevance = q.order() == SearchQuery.Order.RELEVANCE;
        String hits = "WITH hits AS MATERIALIZED (SELECT " + Rows.MESSAGE_COLUMNS
                + (relevance ? ", ts_rank(msg.search, to_tsquery('simple', confab_fold(:q))) AS score" : "")
                + " FROM messages msg WHERE msg.search @@ to_tsquery('simple', confab_fold(:q))" + paging(q, "msg.id")
                + ") ";
        String sql = !relevance
                ? hits + "SELECT " + Rows.MESSAGE_COLUMNS + " FROM hits msg " + READABLE
                        + " ORDER BY msg.id DESC LIMIT :n"
                : hits + "SELECT " + Rows.MESSAGE_COLUMNS + " FROM (SELECT msg.* FROM hits msg " + READABLE
                        + " ORDER BY msg.id DESC LIMIT :window) msg ORDER BY msg.score DESC, msg.id DESC LIMIT :n OFFSET :off";
        var query = bindPaging(h.createQuery(sql), userId, q).bind("q", tsquery(q));
        if (relevance) query.bind("window", RELEVANCE_WINDOW);
        return query.map(Rows.MESSAGE).list();
    }

    /** Newest first: the recent window, then pg_trgm's GIN index (ILIKE) for the rest of history. */
    @Override
    List<Message> substring(Handle h, long userId, SearchQuery q) {
        String pattern = likePattern(q.substring());
        if (q.order() == SearchQuery.Order.RECENT) {
            // texticlike is ILIKE's function (backslash escapes): not an index condition, see words()
            Optional<List<Message>> page = fromRecentWindow(h, userId, q, "texticlike(msg.text, :q)", pattern);
            if (page.isPresent()) return page.get();
        }
        String sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg " + READABLE
                + " AND msg.text ILIKE :pat ESCAPE '\\'" + paging(q, "msg.id") + " ORDER BY msg.id DESC LIMIT :n";
        return bindPaging(h.createQuery(sql), userId, q)
                .bind("pat", pattern)
                .map(Rows.MESSAGE)
                .list();
    }

    /**
     * Newest-first only (the anchor is a message id). The newest page of readable messages matching
     * {@code match} among the {@link #RECENT_WINDOW} ids below the page anchor (or the newest id), if
     * the window holds a whole page ({@code limit + 1} rows); empty when it does not, and the index
     * must answer. A window that held part of a page says how far a whole one reaches: if that is
     * within {@link #MAX_REACH} windows, one wider window is read first (a word in about 1% of
     * messages: 35 ms through the index, 5 ms through a wider window, at 1M messages).
     */
    private Optional<List<Message>> fromRecentWindow(Handle h, long userId, SearchQuery q, String match, String term) {
        List<Message> rows = recent(h, userId, q, match, term, recentWindow);
        if (rows.size() > q.limit()) return Optional.of(rows);
        if (rows.isEmpty()) return Optional.empty();
        // half as much again as the hit rate so far needs, as hits are not spread evenly
        long reach = (long) Math.ceil(1.5 * recentWindow * (q.limit() + 1) / rows.size());
        if (reach > (long) MAX_REACH * recentWindow) return Optional.empty();
        rows = recent(h, userId, q, match, term, reach);
        return rows.size() > q.limit() ? Optional.of(rows) : Optional.empty();
    }

    /**
     * Up to {@code limit + 1} readable messages matching {@code match} among the {@code window} ids
     * below the anchor, newest first. Reading costs about 0.1 ms per 1,000 ids for a reader in a
     * tenth of the traffic (a bitmap of messages_by_room_pos, then each row's match).
     */
    private static List<Message> recent(Handle h, long userId, SearchQuery q, String match, String term, long window) {
        String sql = "WITH recent AS MATERIALIZED (SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg"
                + " WHERE msg.room_id = ANY(ARRAY(SELECT room_id FROM members WHERE user_id = :u))"
                + " AND msg.id > " + (q.after() != null ? ":after" : "(SELECT COALESCE(MAX(id), 0) + 1 FROM messages)")
                + " - :w AND " + match + paging(q, "msg.id") + ") SELECT " + Rows.MESSAGE_COLUMNS
                + " FROM recent msg " + READABLE + " ORDER BY msg.id DESC LIMIT :n";
        return bindPaging(h.createQuery(sql), userId, q)
                .bind("w", window)
                .bind("q", term)
                .map(Rows.MESSAGE)
                .list();
    }

    /** {@code 'conf':* & '2026':*}: terms are letters and digits only, quoted as lexemes. */
    private static String tsquery(SearchQuery q) {
        return q.terms().stream().map(t -> "'" + t.replace("'", "''") + "':*").collect(Collectors.joining(" & "));
    }
}
