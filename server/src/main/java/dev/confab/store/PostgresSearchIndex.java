package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.search.SearchQuery;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * PostgreSQL: words through the generated {@code messages.search} tsvector ('simple', diacritics folded:
 * no stemming, so any language) and its GIN index, every term a prefix ({@code 'conf':*});
 * substrings through ILIKE, which pg_trgm's GIN index serves from three characters on. Relevance
 * ranks (ts_rank) the newest {@link #RELEVANCE_WINDOW} matches.
 */
final class PostgresSearchIndex extends SqlSearchIndex {
    PostgresSearchIndex(Database db) {
        super(db);
    }

    /**
     * The GIN index is read first, in a materialized CTE that keeps the hits' rows, and only those
     * are checked against my membership windows: no plan can then walk my rooms' messages. Left to
     * itself the planner did, one room at a time, testing every row's tsvector (100,000 heap rows,
     * 3-5 s, for a word in 181 messages), as it cannot estimate a prefix query's selectivity. A word
     * in most messages is then the slow case: all its hits are read before the newest are picked.
     */
    @Override
    List<Message> words(Handle h, long userId, SearchQuery q) {
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

    @Override
    List<Message> substring(Handle h, long userId, SearchQuery q) {
        String sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg " + READABLE
                + " AND msg.text ILIKE :pat ESCAPE '\\'" + paging(q, "msg.id") + " ORDER BY msg.id DESC LIMIT :n";
        return bindPaging(h.createQuery(sql), userId, q)
                .bind("pat", likePattern(q.substring()))
                .map(Rows.MESSAGE)
                .list();
    }

    /** {@code 'conf':* & '2026':*}: terms are letters and digits only, quoted as lexemes. */
    private static String tsquery(SearchQuery q) {
        return q.terms().stream().map(t -> "'" + t.replace("'", "''") + "':*").collect(Collectors.joining(" & "));
    }
}
