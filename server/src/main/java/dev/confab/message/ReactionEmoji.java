package dev.confab.message;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emoji sequences members may react with. A fixed set keeps reactions meaningful and their
 * storage small, and refuses arbitrary strings posing as emoji. Variation selector 16 is
 * optional on input ("❤" and "❤️" are the same reaction) and the set's spelling is stored.
 */
public final class ReactionEmoji {
    /** The default set: common reactions, and thumbs up in every skin tone. */
    public static final List<String> DEFAULTS = List.of(
            "👍", "👎", "❤️", "😂", "😮", "😢", "😡", "🎉", "🙏", "🔥", "👏", "🤔", "👀", "✅", "❌", "💯", "🚀", "😍",
            "😊", "🙌", "🤝", "💪", "😅", "🤣", "😭", "😎", "🤯", "🥳", "⭐", "💡", "👌", "✌️", "🤞", "🫡", "❤️‍🔥",
            "😬", "👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿");

    private static final String VS16 = "\uFE0F";

    private final Map<String, String> byKey = new LinkedHashMap<>();

    public ReactionEmoji(Collection<String> allowed) {
        for (String e : allowed) {
            String s = e.strip();
            if (!s.isEmpty()) byKey.put(key(s), s);
        }
        if (byKey.isEmpty()) throw new IllegalArgumentException("the set of reaction emoji is empty");
    }

    public static ReactionEmoji defaults() {
        return new ReactionEmoji(DEFAULTS);
    }

    /** The allowed spelling of {@code emoji}, or EMOJI_NOT_ALLOWED. */
    public String check(String emoji) {
        String found = emoji == null || emoji.length() > 32 ? null : byKey.get(key(emoji));
        if (found == null) throw new ConfabException(ErrorCode.EMOJI_NOT_ALLOWED);
        return found;
    }

    public List<String> all() {
        return List.copyOf(byKey.values());
    }

    private static String key(String s) {
        return s.replace(VS16, "");
    }
}
