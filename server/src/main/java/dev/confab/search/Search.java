package dev.confab.search;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** MSG-7: searching the history I may read, in one room or across all my rooms. */
public final class Search {
    public static final int MAX_QUERY_CHARS = 200;
    public static final int MAX_TERMS = 8;
    public static final int MAX_LIMIT = 50;
    public static final int DEFAULT_LIMIT = 20;

    private final SearchIndex index;

    public Search(SearchIndex index) {
        this.index = index;
    }

    /** One page of hits; {@code next} is the token for the following page, null on the last. */
    public record Results(List<SearchHit> hits, String next) {}

    /**
     * @param match  {@code word} (default: every word, as a prefix) or {@code substring} (the query
     *               anywhere in the text); a query in a script written without spaces (Chinese,
     *               Japanese, Thai) is always searched as a substring
     * @param cursor the {@code next} of the previous page, or null
     */
    public Results search(Principal who, String q, Long roomId, String order, String match, int limit, String cursor) {
        if (limit < 1) throw ConfabException.invalid("limit must be at least 1");
        if (limit > MAX_LIMIT)
            throw new ConfabException(ErrorCode.LIMIT_TOO_LARGE, "limit must be at most " + MAX_LIMIT);
        SearchQuery.Order o = order == null || order.equals("recent")
                ? SearchQuery.Order.RECENT
                : order.equals("relevance") ? SearchQuery.Order.RELEVANCE : null;
        if (o == null) throw ConfabException.invalid("order must be recent or relevance");
        if (match != null && !match.equals("word") && !match.equals("substring"))
            throw ConfabException.invalid("match must be word or substring");
        String text = q == null ? "" : q.strip();
        if (text.isEmpty()) throw new ConfabException(ErrorCode.INVALID_QUERY, "Type something to search for.");
        if (text.codePointCount(0, text.length()) > MAX_QUERY_CHARS) {
            throw new ConfabException(
                    ErrorCode.INVALID_QUERY, "A search may be at most " + MAX_QUERY_CHARS + " characters.");
        }
        boolean substring = "substring".equals(match) || unspaced(text);
        if (substring) o = SearchQuery.Order.RECENT; // a substring has no measure of relevance: newest first
        Long after = decode(cursor, o);
        SearchQuery query;
        if (substring) {
            query = new SearchQuery(List.of(), text.toLowerCase(Locale.ROOT), roomId, o, limit, after);
        } else {
            List<String> terms = terms(text);
            if (terms.isEmpty())
                throw new ConfabException(ErrorCode.INVALID_QUERY, "Search for at least one letter or digit.");
            query = new SearchQuery(terms, null, roomId, o, limit, after);
        }
        List<SearchHit> rows =
                index.search(who.userId(), query).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        if (rows.size() <= limit) return new Results(rows, null);
        List<SearchHit> page = List.copyOf(rows.subList(0, limit));
        long next = o == SearchQuery.Order.RECENT ? page.getLast().message().id() : (after == null ? 0 : after) + limit;
        return new Results(page, encode(o, next));
    }

    /** The words of a query: runs of letters, digits and combining marks, lower-cased; at most {@link #MAX_TERMS}. */
    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                cur.appendCodePoint(cp);
            } else if (!cur.isEmpty()) {
                terms.add(cur.toString().toLowerCase(Locale.ROOT));
                cur.setLength(0);
            }
        });
        if (!cur.isEmpty()) terms.add(cur.toString().toLowerCase(Locale.ROOT));
        return terms.stream().distinct().limit(MAX_TERMS).toList();
    }

    /** Scripts written without spaces between words: a word index cannot find a word inside a run of them. */
    static boolean unspaced(String text) {
        return text.codePoints().anyMatch(cp -> switch (Character.UnicodeScript.of(cp)) {
            case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR -> true;
            default -> false;
        });
    }

    private static String encode(SearchQuery.Order o, long position) {
        String raw = (o == SearchQuery.Order.RECENT ? "r" : "s") + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Long decode(String cursor, SearchQuery.Order o) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            char kind = o == SearchQuery.Order.RECENT ? 'r' : 's';
            if (raw.isEmpty() || raw.charAt(0) != kind)
                throw ConfabException.invalid("cursor belongs to a search in another order");
            long v = Long.parseLong(raw.substring(1));
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (IllegalArgumentException e) { // bad base64 or number; a ConfabException is not one
            throw ConfabException.invalid("cursor is not a token this server gave out");
        }
    }
}
