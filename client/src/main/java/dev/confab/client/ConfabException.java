package dev.confab.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A refusal by the server, or a failure to reach it. {@code status} is the HTTP status, or 0 for
 * socket errors and transport failures; {@code code} is the protocol's stable error code, or one
 * of the client's own: {@code io_error}, {@code timeout}, {@code interrupted}, {@code bad_response},
 * {@code connection_closed}, {@code handshake_failed}.
 */
public final class ConfabException extends RuntimeException {
    private final int status;
    private final String code;
    private final Long retryAfterMs;

    public ConfabException(int status, String code, String message, Long retryAfterMs) {
        this(status, code, message, retryAfterMs, null);
    }

    public ConfabException(int status, String code, String message, Long retryAfterMs, Throwable cause) {
        super(code + (status > 0 ? " (HTTP " + status + ")" : "") + (message == null ? "" : ": " + message), cause);
        this.status = status;
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /**
     * Reads a REST refusal {@code {"error": {"code", "message", "retryAfterMs"}}}. Falls back to the
     * {@code Retry-After} header, and to the code {@code http_<status>} when the body is not one.
     */
    public static ConfabException fromResponse(RawResponse response) {
        JsonNode error = null;
        try {
            error = Json.parse(response.body()).path("error");
        } catch (ConfabException notJson) {
            // keep the fallbacks below
        }
        String code = error != null && error.path("code").isTextual()
                ? error.get("code").asText()
                : null;
        Long retry = error == null ? null : retryAfter(error);
        if (retry == null) {
            retry = retryAfterHeader(response.header("Retry-After"));
        }
        if (code == null) {
            String body = response.body() == null ? "" : response.body();
            return new ConfabException(
                    response.status(),
                    "http_" + response.status(),
                    body.length() > 200 ? body.substring(0, 200) : body,
                    retry);
        }
        return new ConfabException(
                response.status(), code, error.path("message").asText(null), retry);
    }

    /** Reads a socket {@code error} frame. */
    public static ConfabException fromFrame(JsonNode frame) {
        return new ConfabException(
                0, frame.path("code").asText("unknown"), frame.path("message").asText(null), retryAfter(frame));
    }

    static ConfabException closed(String why, Throwable cause) {
        return new ConfabException(0, "connection_closed", why, null, cause);
    }

    private static Long retryAfter(JsonNode node) {
        JsonNode value = node.path("retryAfterMs");
        return value.isNumber() ? value.asLong() : null;
    }

    private static Long retryAfterHeader(String seconds) {
        if (seconds == null) {
            return null;
        }
        try {
            return Long.parseLong(seconds.trim()) * 1000;
        } catch (NumberFormatException dateForm) {
            return null;
        }
    }
}
