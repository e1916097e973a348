package dev.confab.http;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 section 14): {@code bytes=0-499},
 * {@code bytes=500-}, {@code bytes=-500}. Several ranges, other units or bad syntax are ignored
 * (the whole file is sent, which the RFC allows); a range that starts past the end is refused.
 */
record ByteRange(long start, long length) {
    private static final Pattern ONE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    long end() {
        return start + length - 1;
    }

    /** The range asked for, or null for the whole file; {@code range_not_satisfiable} when it lies outside it. */
    static ByteRange parse(String header, long size) {
        if (header == null) return null;
        Matcher m = ONE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return null;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) throw unsatisfiable();
                long n = Math.min(suffix, size);
                if (n == 0) throw unsatisfiable();
                return new ByteRange(size - n, n);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) return null;
            if (first >= size) throw unsatisfiable();
            return new ByteRange(first, last - first + 1);
        } catch (NumberFormatException e) {
            return null; // digits beyond a long: not a range we can serve, so the whole file
        }
    }

    private static ConfabException unsatisfiable() {
        return new ConfabException(ErrorCode.RANGE_NOT_SATISFIABLE);
    }
}
