package dev.confab.limit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "At most {@code count} per {@code window}", written {@code 30/10s}, {@code 20/1m} or {@code 100/1h}. */
public record RateRule(int count, Duration window) {
    private static final Pattern FORM = Pattern.compile("(\\d+)/(\\d+)(ms|s|m|h)");

    public RateRule {
        if (count < 1 || window.isNegative() || window.isZero())
            throw new IllegalArgumentException("a rate needs a count and a window");
    }

    public static RateRule parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("a rate looks like 30/10s, 20/1m or 100/1h, got: " + text);
        long n = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        return new RateRule(Integer.parseInt(m.group(1)), window);
    }
}
