package dev.confab.http;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to {@code {"error": {code, message, retryAfterMs}}}; internals stay in the log. */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private static final String WRITTEN = "confab.error.written";

    private ErrorResponses() {}

    public static void register(RoutesConfig r) {
        r.exception(ConfabException.class, (e, ctx) -> write(ctx, e));
        r.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, new ConfabException(ErrorCode.INTERNAL));
        });
        // Our own 404s (room_not_found, ...) are already written; Javalin's "no such endpoint" is not ours.
        r.error(404, "*", ctx -> {
            if (ctx.attribute(WRITTEN) == null) write(ctx, new ConfabException(ErrorCode.NOT_FOUND));
        });
    }

    static void write(Context ctx, ConfabException e) {
        ctx.attribute(WRITTEN, Boolean.TRUE);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().wire());
        error.put("message", e.getMessage());
        if (e.retryAfterMs() != null) {
            error.put("retryAfterMs", e.retryAfterMs());
            ctx.header("Retry-After", String.valueOf(Math.max(1, (e.retryAfterMs() + 999) / 1000)));
        }
        ctx.status(e.code().httpStatus()).json(Map.of("error", error));
    }
}
