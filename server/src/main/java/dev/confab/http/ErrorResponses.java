package dev.confab.http;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.media.MediaUnavailableException;
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
        // Javalin's own refusals (the body size limit, ...) otherwise answer plain text.
        r.exception(
                io.javalin.http.HttpResponseException.class,
                (e, ctx) -> write(ctx, JsonErrorHandler.refusal(e.getStatus())));
        r.exception(MediaUnavailableException.class, (e, ctx) -> {
            log.warn("media store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            // a download may have described the file already; the answer is now an error
            for (String h : new String[] {"ETag", "Content-Range", "Content-Disposition", "Accept-Ranges"})
                ctx.res().setHeader(h, null);
            write(
                    ctx,
                    new ConfabException(
                            ErrorCode.MEDIA_UNAVAILABLE, ErrorCode.MEDIA_UNAVAILABLE.defaultMessage(), 1000L));
        });
        r.exception(Exception.class, (e, ctx) -> {
            if (clientWentAway(e)) {
                // Normal on mobile networks; nobody is left to read an answer.
                log.debug("client went away during {} {}: {}", ctx.method(), ctx.path(), e.toString());
                write(ctx, new ConfabException(ErrorCode.BAD_REQUEST, "The request ended before its body did."));
                return;
            }
            log.error("unhandled failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, new ConfabException(ErrorCode.INTERNAL));
        });
        // Our own 404s (room_not_found, ...) are already written; Javalin's "no such endpoint" is not ours.
        r.error(404, "*", ctx -> {
            if (ctx.attribute(WRITTEN) == null) write(ctx, new ConfabException(ErrorCode.NOT_FOUND));
        });
    }

    /** The client closed the connection (or it broke) while its request was being read or answered. */
    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof java.io.EOFException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** Refusals Jetty makes before any route runs answer the same JSON shape. */
    public static void installJettyHandler(org.eclipse.jetty.server.Server server) {
        server.setErrorHandler(new JsonErrorHandler());
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
