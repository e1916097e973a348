package dev.confab.http;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.wire.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages in our JSON shape: what Jetty refuses before any route runs (a {@code %00}
 * or a malformed escape in the path, headers too large, a request that arrives too slowly) answers
 * {@code {"error": {code, message}}} like everything else, never Jetty's HTML.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** The refusal a bare HTTP status stands for. */
    static ConfabException refusal(int status) {
        return switch (status) {
            case 404 -> new ConfabException(ErrorCode.NOT_FOUND);
            case 405 -> new ConfabException(ErrorCode.NOT_FOUND, "No such route for this method.");
            case 408 -> new ConfabException(ErrorCode.REQUEST_TIMEOUT);
            case 413, 414, 431 ->
                new ConfabException(ErrorCode.TOO_LARGE, "The request (its body, path or headers) is too large.");
            case 503 -> new ConfabException(ErrorCode.SHUTTING_DOWN);
            default -> new ConfabException(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST);
        };
    }

    static byte[] body(ConfabException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().wire());
        error.put("message", e.getMessage());
        return Json.write(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(refusal(code))), callback);
    }

    /** Requests the parser refuses (bad request line, headers too large) never become a Request. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(refusal(status)));
    }
}
