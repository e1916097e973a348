package dev.confab.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of a message's text with the matched parts marked as ranges of UTF-16 offsets into
 * {@code text}, so a client highlights them without parsing markup out of user text.
 */
public record Snippet(String text, List<int[]> highlights) {
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

    /**
     * The part of {@code text} around its first word that starts with one of {@code terms}, with
     * every such word highlighted. Words and terms are compared lower-cased with diacritics
     * removed, as both indexes match them, so "cafe" marks "Café".
     */
    public static Snippet ofWords(String text, List<String> terms, int radius) {
        if (text == null) return new Snippet("", List.of());
        List<String> folded = terms.stream().map(Snippet::fold).toList();
        List<int[]> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!wordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length() && wordChar(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
            String w = fold(text.substring(start, i));
            if (folded.stream().anyMatch(w::startsWith)) words.add(new int[] {start, i});
        }
        if (words.isEmpty()) return around(text, null, radius);
        int from = safe(text, Math.max(0, words.getFirst()[0] - radius));
        int to = safe(text, Math.min(text.length(), words.getFirst()[1] + 2 * radius));
        String prefix = from > 0 ? "…" : "";
        String body = prefix + text.substring(from, to) + (to < text.length() ? "…" : "");
        List<int[]> ranges = new ArrayList<>();
        for (int[] w : words) {
            if (w[0] >= from && w[1] <= to)
                ranges.add(new int[] {prefix.length() + w[0] - from, prefix.length() + w[1] - from});
        }
        return new Snippet(body, List.copyOf(ranges));
    }

    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");

    private static boolean wordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private static String fold(String s) {
        return MARKS.matcher(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** An index moved back off the second half of a surrogate pair. */
    private static int safe(String s, int i) {
        return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) ? i - 1 : i;
    }
}
