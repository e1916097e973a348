package dev.confab.search;

import java.util.Optional;

/**
 * Full-text search over messages, one adapter per SQL dialect. Every implementation restricts
 * hits in SQL to the searcher's membership windows (history visibility, leaving, removal) and never
 * returns deleted messages; it reads the message rows as they are now, so edits are reflected.
 */
public interface SearchIndex {
    /** Up to {@code query.limit() + 1} hits (the extra one tells another page exists); empty when {@code query.roomId()} is not a room I can read. */
    Optional<java.util.List<SearchHit>> search(long userId, SearchQuery query);
}
