package dev.confab.message;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code @username} mentions in a message's text. Only the names are read here; which of them are
 * members of the room is decided where the message is committed.
 */
public final class Mentions {
    /** More than this many distinct names in one message are not treated as mentions. */
    public static final int MAX_PER_MESSAGE = 20;
    // Not preceded by a name character, so "mail@example.org" mentions nobody; usernames are 3-32 of [a-z0-9_.-].
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})");

    private Mentions() {}

    /** The distinct usernames mentioned, lower-cased, in order of appearance; at most {@link #MAX_PER_MESSAGE}. */
    public static Set<String> usernames(String text) {
        if (text == null || text.indexOf('@') < 0) return Set.of();
        Set<String> names = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(text);
        while (m.find() && names.size() < MAX_PER_MESSAGE) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            // a sentence may end right after a mention: "thanks @bob." mentions bob
            while (name.endsWith(".") || name.endsWith("-")) name = name.substring(0, name.length() - 1);
            if (name.length() >= 3) names.add(name);
        }
        return names;
    }
}
