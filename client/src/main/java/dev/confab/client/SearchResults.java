package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A page of search hits; {@code next} is the cursor of the following page, null on the last. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchResults(List<Hit> hits, String next) {
    public SearchResults {
        hits = Json.immutable(hits);
    }

    /** {@code highlights} are [start, end) UTF-16 offsets into {@code text}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Snippet(String text, List<int[]> highlights) {
        /** The highlighted parts, in order. */
        public List<String> marked() {
            return highlights == null
                    ? List.of()
                    : highlights.stream().map(r -> text.substring(r[0], r[1])).toList();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hit(Message message, Snippet snippet) {}
}
