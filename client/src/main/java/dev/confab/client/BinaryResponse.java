package dev.confab.client;

import java.util.List;
import java.util.Map;

/** An HTTP answer whose body is kept as bytes (avatars). */
public record BinaryResponse(int status, byte[] body, Map<String, List<String>> headers) {
    /** The first value of a header, or null; names match case-insensitively. */
    public String header(String name) {
        return new RawResponse(status, "", headers).header(name);
    }
}
