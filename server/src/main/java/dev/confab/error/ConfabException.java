package dev.confab.error;

/** A refusal with a stable code and a message that is safe to show to the client. */
public final class ConfabException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public ConfabException(ErrorCode code) {
        this(code, code.defaultMessage(), null);
    }

    public ConfabException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ConfabException(ErrorCode code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public static ConfabException invalid(String message) {
        return new ConfabException(ErrorCode.INVALID_FIELD, message);
    }

    public static ConfabException storeUnavailable() {
        return new ConfabException(ErrorCode.STORE_UNAVAILABLE, ErrorCode.STORE_UNAVAILABLE.defaultMessage(), 500L);
    }

    public ErrorCode code() {
        return code;
    }

    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
