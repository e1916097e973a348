package dev.confab.web;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the browser client that the build put on the classpath under {@code web/} (web/ in the
 * repository, built by Vite). Vite names every asset after its content hash, so those are cached
 * for a year; index.html is revalidated on every load so a new deployment is picked up at once.
 * Paths without a file extension are client routes (/join/CODE, /room/3) and get index.html.
 * Files are read once and kept with their gzip form: the client is a handful of small files.
 */
public final class WebClient {
    /**
     * No inline script, no eval, sockets and fetches only to this origin; avatars, images, video and
     * audio may be blob: URLs (media routes need the bearer token, so the client fetches them itself).
     */
    public static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob: data:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "manifest-src 'self'",
            "worker-src 'self'");

    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"));
    /** Prefixes the server answers itself; an unknown path under them is the API's 404, never the client. */
    private static final String[] SERVER_PREFIXES = {"/api/", "/ws", "/healthz", "/readyz", "/metrics"};

    private record Asset(byte[] raw, byte[] gzip, String type, String etag) {}

    private final String root;
    /** Only files that exist are kept, so requests for made-up paths cannot grow it. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    public WebClient(String classpathRoot) {
        this.root = classpathRoot;
    }

    /** Whether the build put a client on the classpath (tests of the server alone may run without one). */
    public boolean present() {
        return load("/index.html").isPresent();
    }

    /** Registers last, so the API's own routes match first. */
    public void register(RoutesConfig r) {
        r.get("/*", this::serve);
        r.get("/", this::serve);
    }

    private void serve(Context ctx) {
        String path = ctx.path();
        for (String p : SERVER_PREFIXES) if (path.startsWith(p)) throw new ConfabException(ErrorCode.NOT_FOUND);
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) throw new ConfabException(ErrorCode.NOT_FOUND);
        String file = path.equals("/") ? "/index.html" : path;
        Optional<Asset> asset = load(file);
        boolean clientRoute = asset.isEmpty() && !lastSegment(file).contains(".");
        if (clientRoute) {
            file = "/index.html";
            asset = load(file);
        }
        if (asset.isEmpty()) throw new ConfabException(ErrorCode.NOT_FOUND);
        Asset a = asset.get();

        ctx.header(
                "Cache-Control",
                file.startsWith("/assets/")
                        ? "public, max-age=31536000, immutable"
                        : file.equals("/index.html") ? "no-cache" : "public, max-age=3600");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("ETag", a.etag());
        ctx.header("Vary", "Accept-Encoding");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (a.etag().equals(ifNoneMatch)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.type());
        String accept = ctx.header("Accept-Encoding");
        if (a.gzip() != null && accept != null && accept.contains("gzip")) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(a.gzip());
        } else {
            ctx.result(a.raw());
        }
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private Optional<Asset> load(String file) {
        Asset cached = cache.get(file);
        if (cached != null) return Optional.of(cached);
        Optional<Asset> read = read(file);
        read.ifPresent(a -> cache.putIfAbsent(file, a));
        return read;
    }

    private Optional<Asset> read(String f) {
        try (InputStream in = WebClient.class.getResourceAsStream(root + f)) {
            if (in == null) return Optional.empty();
            byte[] raw = in.readAllBytes();
            String ext = lastSegment(f).contains(".") ? f.substring(f.lastIndexOf('.') + 1) : "";
            String type = TYPES.getOrDefault(ext, "application/octet-stream");
            boolean compressible = type.startsWith("text/") || type.contains("json") || type.contains("svg");
            return Optional.of(new Asset(raw, compressible && raw.length > 256 ? gzip(raw) : null, type, etag(raw)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        }) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] raw) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
