package dev.confab.store;

/**
 * The bind placeholders of a row-value list, {@code (:a0, :b0), (:a1, :b1), ...}, for
 * {@code WHERE (x, y) IN (VALUES ...)}: both dialects match pairs this way in one statement.
 */
final class PairPlaceholders {
    private PairPlaceholders() {}

    static String of(int count, String first, String second) {
        StringBuilder pairs = new StringBuilder(count * 16);
        for (int i = 0; i < count; i++) {
            if (i > 0) pairs.append(", ");
            pairs.append("(:")
                    .append(first)
                    .append(i)
                    .append(", :")
                    .append(second)
                    .append(i)
                    .append(')');
        }
        return pairs.toString();
    }
}
