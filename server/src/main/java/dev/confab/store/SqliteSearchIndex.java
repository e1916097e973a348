package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.search.SearchQuery;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

    /**
     * A query term with fewer longer words than this is named with them one by one. FTS5 answers a
     * prefix longer than the prefix index ('2 3') by merging the posting lists of every word that
     * starts so, whole, before the first hit: 280 ms for a word in 60% of 10M messages, against
     * under a millisecond for the same word named exactly (docs/benchmarks.md, Search).
     */
    static final int MAX_COMPLETIONS = 32;

    @Override
    List<Message> words(Handle h, long userId, SearchQuery q) {
        return match(h, "messages_words", wordMatch(h, q), userId, q);
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

    /**
     * {@code "conf"* AND ("2026" OR "20261")}: every term a prefix, named as the words that start
     * with it where there are few. Terms are letters and digits only, so quoting cannot be escaped out
     * of.
     */
    private static String wordMatch(Handle h, SearchQuery q) {
        return q.terms().stream().map(t -> termMatch(h, t)).collect(Collectors.joining(" AND "));
    }

    private static String termMatch(Handle h, String term) {
        String prefix = "\"" + term + "\"*";
        // Short prefixes have their own index. Only ASCII terms are looked up, since those are
        // certain to be spelled here as the tokenizer spells its terms (lower case, nothing to fold).
        if (term.length() <= 3 || !term.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return prefix;
        // The longer words only: the vocabulary counts each row it lists, and counting the term
        // itself (a frequent word) cost as much as the prefix. '0' is the least character a word
        // can go on with, so the range starts right after the term.
        List<String> longer = h.createQuery(
                        "SELECT term FROM messages_words_vocab WHERE term >= :from AND term < :end ORDER BY term LIMIT :n")
                .bind("from", term + "0")
                .bind("end", term.substring(0, term.length() - 1) + (char) (term.charAt(term.length() - 1) + 1))
                .bind("n", MAX_COMPLETIONS)
                .mapTo(String.class)
                .list();
        if (longer.size() >= MAX_COMPLETIONS) return prefix;
        return Stream.concat(Stream.of(term), longer.stream())
                .map(w -> "\"" + w + "\"")
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    private static String phrase(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
