package dev.confab.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes an instant exactly as {@link Instant#toString()} does (ISO-8601 in UTC), without the
 * formatter: every message carries a time, and the formatter's per-call context was the largest
 * single cost of encoding a sync page of 500 messages (docs/benchmarks.md, catch-up).
 */
final class InstantSerializer extends StdSerializer<Instant> {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    InstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(format(value));
    }

    /** The same text as {@code value.toString()}. */
    static String format(Instant value) {
        long ms = value.toEpochMilli();
        // whole milliseconds in years 0000-9999: the times a store gives back; anything else the slow way
        if (value.getNano() % 1_000_000 != 0 || ms < -62_167_219_200_000L || ms >= 253_402_300_800_000L)
            return value.toString();
        long days = Math.floorDiv(ms, MILLIS_PER_DAY);
        int inDay = (int) Math.floorMod(ms, MILLIS_PER_DAY);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int millis = inDay % 1000;
        int secs = inDay / 1000;
        char[] c = new char[millis == 0 ? 20 : 24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        digits(c, 11, secs / 3600, 2);
        c[13] = ':';
        digits(c, 14, secs / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secs % 60, 2);
        if (millis != 0) {
            c[19] = '.';
            digits(c, 20, millis, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
