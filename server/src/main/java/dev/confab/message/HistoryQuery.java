package dev.confab.message;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;

/** A page request: newest before {@code before}, oldest after {@code after}, or newest overall. */
public record HistoryQuery(Long before, Long after, int limit) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public HistoryQuery {
        if (before != null && after != null) throw ConfabException.invalid("give at most one of before and after");
        if (before != null && before < 1) throw ConfabException.invalid("before must be a positive seq");
        if (after != null && after < 0) throw ConfabException.invalid("after must not be negative");
        if (limit > MAX_LIMIT)
            throw new ConfabException(ErrorCode.LIMIT_TOO_LARGE, "limit must be at most " + MAX_LIMIT);
        if (limit < 1) throw ConfabException.invalid("limit must be at least 1");
    }

    public boolean ascending() {
        return after != null;
    }
}
