package dev.confab.client;

import java.util.List;
import java.util.Map;

/** An HTTP answer as received; header names are matched case-insensitively by {@link #header}. */
public record RawResponse(int status, String body, Map<String, List<String>> headers) {
    public RawResponse {
        headers = headers == null ? Map.of() : headers;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
