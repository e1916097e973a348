package dev.confab.wire;

import dev.confab.message.Message;
import dev.confab.search.Search;
import dev.confab.search.Snippet;
import java.util.List;

/** A page of search results as clients see it: each hit's message and a snippet with highlight ranges. */
public record SearchView(List<Hit> hits, String next) {
    public record Hit(Message message, SnippetView snippet) {}

    /** {@code highlights}: [start, end) pairs of UTF-16 offsets into {@code text}. */
    public record SnippetView(String text, List<int[]> highlights) {
        static SnippetView of(Snippet s) {
            return new SnippetView(s.text(), s.highlights());
        }
    }

    public static SearchView of(Search.Results r) {
        return new SearchView(
                r.hits().stream()
                        .map(h -> new Hit(h.message(), SnippetView.of(h.snippet())))
                        .toList(),
                r.next());
    }
}
