package dev.confab.bench;

/**
 * Allocation-free field extraction from the server's frames, for the hot path only. The server
 * writes {@code type} first ({@code {"type":"message",...}}); set-up code uses Jackson instead.
 */
final class Scan {
    private Scan() {}

    static boolean isType(String frame, String prefix) {
        return frame.startsWith(prefix);
    }

    static String typePrefix(String type) {
        return "{\"type\":\"" + type + "\"";
    }

    /** The digits right after the first {@code key} at or after {@code from}; -1 when absent. */
    static long longAfter(String s, String key, int from) {
        int i = s.indexOf(key, from);
        return i < 0 ? -1 : digits(s, i + key.length());
    }

    static long lastLong(String s, String key) {
        int i = s.lastIndexOf(key);
        return i < 0 ? -1 : digits(s, i + key.length());
    }

    static long digits(String s, int i) {
        long v = 0;
        boolean any = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') break;
            v = v * 10 + (c - '0');
            any = true;
        }
        return any ? v : -1;
    }

    /** Non-overlapping occurrences of {@code needle}. */
    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }
}
