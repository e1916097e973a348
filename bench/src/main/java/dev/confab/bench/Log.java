package dev.confab.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, so stdout carries only the result table. */
final class Log {
    private Log() {}

    static void info(String line) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
    }
}
