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

    @Override
    List<Message> words(Handle h, long userId, SearchQuery q) {
        String hits = " FROM messages msg " + READABLE + " AND msg.search @@ to_tsquery('simple', confab_fold(:q))" + paging(q, "msg.id");
        String sql = q.order() == SearchQuery.Order.RECENT
                ? "SELECT " + Rows.MESSAGE_COLUMNS + hits + " ORDER BY msg.id DESC LIMIT :n"
                : "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg JOIN (SELECT msg.id AS hit, "
                        + "ts_rank(msg.search, to_tsquery('simple', confab_fold(:q))) AS score" + hits
                        + " ORDER BY msg.id DESC LIMIT :window) c ON c.hit = msg.id ORDER BY c.score DESC, msg.id DESC LIMIT :n OFFSET :off";
        var query = bindPaging(h.createQuery(sql), userId, q).bind("q", tsquery(q));
        if (q.order() == SearchQuery.Order.RELEVANCE) query.bind("window", RELEVANCE_WINDOW);
        return query.map(Rows.MESSAGE).list();
    }

    @Override
    List<Message> substring(Handle h, long userId, SearchQuery q) {
        String sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg " + READABLE + " AND msg.text ILIKE :pat ESCAPE '\\'"
                + paging(q, "msg.id") + " ORDER BY msg.id DESC LIMIT :n";
        return bindPaging(h.createQuery(sql), userId, q).bind("pat", likePattern(q.substring())).map(Rows.MESSAGE).list();
    }

    /** {@code 'conf':* & '2026':*}: terms are letters and digits only, quoted as lexemes. */
    private static String tsquery(SearchQuery q) {
        return q.terms().stream().map(t -> "'" + t.replace("'", "''") + "':*").collect(Collectors.joining(" & "));
    }
}
