package dev.confab.push;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The operator's allowlist of push services. A subscription names the URL the server will POST
 * to; without this list anyone could make the server call any address (an intranet service, a
 * cloud metadata endpoint). Entries: {@code host} (exact), {@code *.suffix} (any subdomain) or a
 * full origin {@code http://host:port}, the only way plain HTTP is allowed (for tests and labs).
 */
public final class EndpointPolicy {
    public static final String DEFAULT =
            "fcm.googleapis.com,updates.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com";

    private final List<String> entries;

    public EndpointPolicy(String allowlist) {
        this.entries = java.util.Arrays.stream(allowlist.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** The endpoint as a URI when the list allows it, else null. */
    public URI check(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return null;
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null || uri.getRawFragment() != null) return null;
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String origin = scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        for (String e : entries) {
            if (e.contains("://")) {
                if (e.equals(origin)) return uri;
            } else if (scheme.equals("https") && (uri.getPort() < 0 || uri.getPort() == 443)) {
                if (e.startsWith("*.")
                        ? host.endsWith(e.substring(1)) && host.length() > e.length() - 1
                        : host.equals(e)) return uri;
            }
        }
        return null;
    }
}
