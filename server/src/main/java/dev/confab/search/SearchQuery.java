package dev.confab.search;

import dev.confab.text.WireName;
import java.util.List;

/**
 * A parsed search: the terms to find (words, matched as prefixes) or one substring, where, in
 * which order, and where the previous page ended.
 *
 * @param terms     the query's words, lower-cased, for word matching (empty for substring search)
 * @param substring the whole query, for substring matching (null for word search)
 * @param roomId    one room, or null for all my rooms
 * @param after     where the previous page ended: a message id (newest first) or a count of hits (by relevance); null for the first page
 */
public record SearchQuery(List<String> terms, String substring, Long roomId, Order order, int limit, Long after) {
    public enum Order implements WireName {
        RECENT,
        RELEVANCE;
    }

    public boolean bySubstring() {
        return substring != null;
    }
}
