package dev.confab.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of a message's text with the matched parts marked as ranges of UTF-16 offsets into
 * {@code text}, so a client highlights them without parsing markup out of user text.
 */
public record Snippet(String text, List<int[]> highlights) {
    /** Private-use characters the adapters ask the database to put around matches. */
    public static final char START = '\uE000';
    public static final char END = '\uE001';

    /**
     * The part of {@code text} around the first case-insensitive occurrence of {@code needle},
     * at most {@code radius} characters either side, with that occurrence highlighted.
     */
    public static Snippet around(String text, String needle, int radius) {
        if (text == null) return new Snippet("", List.of());
        int at = -1;
        if (needle != null && !needle.isEmpty()) {
            for (int i = 0; i + needle.length() <= text.length(); i++) {
                if (text.regionMatches(true, i, needle, 0, needle.length())) {
                    at = i;
                    break;
                }
            }
        }
        if (at < 0) {
            String head = text.length() <= 2 * radius ? text : text.substring(0, safe(text, 2 * radius)) + "…";
            return new Snippet(head, List.of());
        }
        int from = Math.max(0, at - radius);
        int to = Math.min(text.length(), at + needle.length() + radius);
        from = safe(text, from);
        to = safe(text, to);
        String prefix = from > 0 ? "…" : "";
        String body = prefix + text.substring(from, to) + (to < text.length() ? "…" : "");
        int start = prefix.length() + at - from;
        return new Snippet(body, List.<int[]>of(new int[] {start, start + needle.length()}));
    }

    /** An index moved back off the second half of a surrogate pair. */
    private static int safe(String s, int i) {
        return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) ? i - 1 : i;
    }

    /** Turns text marked with {@link #START} and {@link #END} into plain text and ranges. */
    public static Snippet fromMarked(String marked) {
        if (marked == null) return new Snippet("", List.of());
        StringBuilder text = new StringBuilder(marked.length());
        List<int[]> ranges = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == START) {
                open = text.length();
            } else if (c == END) {
                if (open >= 0 && text.length() > open) ranges.add(new int[] {open, text.length()});
                open = -1;
            } else {
                text.append(c);
            }
        }
        return new Snippet(text.toString(), List.copyOf(ranges));
    }
}
