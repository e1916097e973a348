package dev.confab.text;

/** Rules for user text that every field shares. */
public final class Unicode {
    private Unicode() {}

    /**
     * Whether {@code s} has a surrogate without its partner. Such a string is not Unicode: it cannot
     * be encoded as UTF-8, so it would fail (or be mangled) on its way to every other device.
     */
    public static boolean hasLoneSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
