package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.search.SearchQuery;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * SQLite: FTS5. Words through {@code messages_words} (unicode61, diacritics folded), every term a
 * prefix query; substrings through {@code messages_grams} (trigram), or a LIKE over my rooms'
 * messages for one or two characters, which have no trigram. Newest-first pages walk the index
 * in rowid order, so a frequent word stops reading after the page; relevance ranks (bm25) the
 * newest {@link #RELEVANCE_WINDOW} matches.
 */
final class SqliteSearchIndex extends SqlSearchIndex {
    SqliteSearchIndex(Database db) {
        super(db);
    }

    @Override
    List<Message> words(Handle h, long userId, SearchQuery q) {
        return match(h, "messages_words", wordMatch(q), userId, q);
    }

    @Override
    List<Message> substring(Handle h, long userId, SearchQuery q) {
        if (q.substring().codePointCount(0, q.substring().length()) >= 3)
            return match(h, "messages_grams", phrase(q.substring()), userId, q);
        String sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg " + READABLE
                + " AND msg.text LIKE :pat ESCAPE '\\'" + paging(q, "msg.id") + " ORDER BY msg.id DESC LIMIT :n";
        return bindPaging(h.createQuery(sql), userId, q)
                .bind("pat", likePattern(q.substring()))
                .map(Rows.MESSAGE)
                .list();
    }

    private static List<Message> match(Handle h, String table, String match, long userId, SearchQuery q) {
        String hits = " FROM " + table + " JOIN messages msg ON msg.id = " + table + ".rowid " + READABLE + " AND "
                + table + " MATCH :q" + paging(q, table + ".rowid");
        String sql = q.order() == SearchQuery.Order.RECENT
                ? "SELECT " + Rows.MESSAGE_COLUMNS + hits + " ORDER BY " + table + ".rowid DESC LIMIT :n"
                : "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg JOIN (SELECT " + table + ".rowid AS hit, "
                        + table + ".rank AS score"
                        + hits + " ORDER BY " + table + ".rowid DESC LIMIT :window) c ON c.hit = msg.id"
                        + " ORDER BY c.score, msg.id DESC LIMIT :n OFFSET :off";
        var query = bindPaging(h.createQuery(sql), userId, q).bind("q", match);
        if (q.order() == SearchQuery.Order.RELEVANCE) query.bind("window", RELEVANCE_WINDOW);
        return query.map(Rows.MESSAGE).list();
    }

    /** {@code "conf"* AND "2026"*}: terms are letters and digits only, so quoting cannot be escaped out of. */
    private static String wordMatch(SearchQuery q) {
        return q.terms().stream().map(t -> "\"" + t + "\"*").collect(Collectors.joining(" AND "));
    }

    private static String phrase(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
