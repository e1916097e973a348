package dev.confab.s3;

import dev.confab.media.BoundedInputStream;
import dev.confab.media.MediaStore;
import dev.confab.media.MediaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blobs as objects in a bucket of any S3-compatible server (AWS S3, MinIO, Ceph, s3proxy), so every
 * node reads what any node stored. Path-style addressing ({@code endpoint/bucket/prefix+key}), which
 * every such server understands, and SigV4 by hand on the JDK's HTTP client (docs/decisions.md).
 *
 * <p>A put streams the body once: the key is the SHA-256 of the bytes, so it is also the signed
 * payload hash and the server refuses a body that does not match it, without us reading it twice.
 * <p>A request that could not be sent, or that the server answered with 500, 502, 503 or 504, is
 * tried {@link #ATTEMPTS} times in all, after short pauses, if it has sent none of its body yet (a
 * put's body streams from the caller and cannot be sent twice). Then, and when a body stalls mid-way
 * ({@link StallGuard}), the failure is a {@link MediaUnavailableException}: the client may retry.
 * Any other answer is a fault of ours or of the settings, an {@link UncheckedIOException}.
 */
public final class S3MediaStore implements MediaStore {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{32}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
    /** A put may take this long per MiB on top of the timeout: a 512 MiB video at 1 MiB/s still arrives. */
    private static final long PUT_MILLIS_PER_MIB = 1000;
    /** Tries of one request; S3's own SDKs make three. */
    static final int ATTEMPTS = 3;
    /** Pause before the second and the third try, each with up to as much again of jitter. */
    private static final long[] PAUSE_MILLIS = {100, 400};

    /** Where the bucket is and how to sign for it; {@code prefix} goes before every key ("" for none). */
    public record Settings(
            URI endpoint,
            String bucket,
            String region,
            String accessKey,
            String secretKey,
            String prefix,
            Duration timeout) {
        @Override
        public String toString() {
            // settings end up in logs and exceptions; the secret must not
            return "S3 bucket " + bucket + " at " + endpoint + " (" + region + ", key " + accessKey + ", prefix '"
                    + prefix + "')";
        }
    }

    private final Settings settings;
    private final SigV4 signer;
    private final HttpClient http;
    private final Clock clock;
    private final String host;
    private final String base;
    private final StallGuard stalls;

    public S3MediaStore(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    S3MediaStore(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.signer = new SigV4(settings.accessKey(), settings.secretKey(), settings.region());
        // HTTP/1.1: an h2c upgrade attempt would add a round trip and headers some S3 servers refuse
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        URI e = settings.endpoint();
        boolean defaultPort = e.getPort() == -1
                || (e.getScheme().equals("http") && e.getPort() == 80)
                || (e.getScheme().equals("https") && e.getPort() == 443);
        // what the JDK client sends as Host, which is what the server checks the signature against
        this.host = defaultPort ? e.getHost() : e.getHost() + ":" + e.getPort();
        String path = e.getRawPath() == null ? "" : e.getRawPath().replaceAll("/+$", "");
        this.base = path + "/" + SigV4.encodeSegment(settings.bucket()) + "/";
        this.stalls = new StallGuard(settings.timeout());
    }

    /** Fails unless the bucket exists and the credentials may use it; run once at startup, so a typo shows at once. */
    public S3MediaStore checked() {
        HttpResponse<InputStream> r = send("HEAD", base.substring(0, base.length() - 1), Map.of());
        close(r);
        if (r.statusCode() == 404) throw new IllegalStateException("no such bucket: " + settings);
        if (r.statusCode() / 100 != 2)
            throw new IllegalStateException("cannot use " + settings + ": HEAD answered " + r.statusCode());
        return this;
    }

    @Override
    public void put(String key, long length, InputStream in) {
        String path = path(checked(key));
        // content-addressed: an object under this key already holds these bytes
        if (status(send("HEAD", path, Map.of())) == 200) return;
        // a SHA-256 key is the body's hash: signed, it makes the server check the bytes for us
        String payload = key.length() == 64 ? key : SigV4.UNSIGNED_PAYLOAD;
        HttpResponse<InputStream> r = send("PUT", path, payload, in, length, Map.of());
        if (r.statusCode() / 100 != 2) throw failure("PUT", key, r);
        close(r);
    }

    @Override
    public Optional<Blob> get(String key, long offset, long count) {
        if (!valid(key)) return Optional.empty();
        if (count == 0) return head(key).map(len -> new Blob(len, InputStream.nullInputStream()));
        boolean whole = offset == 0 && count < 0;
        Map<String, String> range =
                whole ? Map.of() : Map.of("Range", "bytes=" + offset + "-" + (count < 0 ? "" : offset + count - 1));
        HttpResponse<InputStream> r = send("GET", path(key), range);
        switch (r.statusCode()) {
            case 200 -> {
                long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (length < 0) throw failure("GET", key, r);
                // a server that ignores Range sends the whole blob: cut the part out here
                return Optional.of(new Blob(length, part(stalls.guard(r.body()), Math.min(offset, length), count)));
            }
            case 206 -> {
                Matcher m = CONTENT_RANGE.matcher(
                        r.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches()) throw failure("GET", key, r);
                return Optional.of(new Blob(Long.parseLong(m.group(3)), stalls.guard(r.body())));
            }
            case 404 -> {
                close(r);
                return Optional.empty();
            }
            case 416 -> {
                // from past the end (or an empty blob): nothing to read, as on disk
                close(r);
                return head(key).map(len -> new Blob(len, InputStream.nullInputStream()));
            }
            default -> throw failure("GET", key, r);
        }
    }

    @Override
    public boolean exists(String key) {
        return valid(key) && head(key).isPresent();
    }

    @Override
    public void delete(String key) {
        if (!valid(key)) return;
        HttpResponse<InputStream> r = send("DELETE", path(key), Map.of());
        if (r.statusCode() / 100 != 2 && r.statusCode() != 404) throw failure("DELETE", key, r);
        close(r);
    }

    /** The blob's length, or empty when there is none. */
    private Optional<Long> head(String key) {
        HttpResponse<InputStream> r = send("HEAD", path(key), Map.of());
        close(r);
        if (r.statusCode() == 404) return Optional.empty();
        if (r.statusCode() != 200) throw failure("HEAD", key, r);
        return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(0));
    }

    private HttpResponse<InputStream> send(String method, String path, Map<String, String> headers) {
        return send(method, path, SigV4.EMPTY_PAYLOAD, null, 0, headers);
    }

    private HttpResponse<InputStream> send(
            String method, String path, String payload, InputStream body, long length, Map<String, String> headers) {
        CountingInputStream counted = body == null ? null : new CountingInputStream(body);
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt == ATTEMPTS;
            try {
                HttpResponse<InputStream> r = http.send(
                        request(method, path, payload, counted, length, headers), BodyHandlers.ofInputStream());
                if (last || !retryable(r.statusCode()) || (counted != null && counted.count() > 0)) return r;
                close(r);
            } catch (HttpTimeoutException e) {
                // already waited the whole timeout: another try would double the caller's wait
                throw new MediaUnavailableException("media store timed out: " + method + " " + settings, e);
            } catch (IOException e) {
                if (last || (counted != null && counted.count() > 0))
                    throw new MediaUnavailableException(
                            "media store unreachable: " + method + " " + settings + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("interrupted during " + method));
            }
            pause(attempt);
        }
    }

    private HttpRequest request(
            String method, String path, String payload, InputStream body, long length, Map<String, String> headers) {
        Duration timeout =
                body == null ? settings.timeout() : settings.timeout().plusMillis(PUT_MILLIS_PER_MIB * (length >> 20));
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(settings.endpoint().getScheme() + "://" + host + path))
                .timeout(timeout)
                .method(
                        method,
                        // fromPublisher takes no length 0; noBody() sends Content-Length: 0
                        body == null || length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(() -> body), length));
        // signed per try: the signature carries the time
        signer.headers(method, host, path, payload, Map.of(), clock.instant()).forEach(b::header);
        headers.forEach(b::header);
        return b.build();
    }

    private static boolean retryable(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    private static void pause(int attempt) {
        long millis = PAUSE_MILLIS[attempt - 1];
        try {
            Thread.sleep(
                    millis + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted between tries"));
        }
    }

    private String path(String key) {
        StringBuilder p = new StringBuilder(base);
        String[] parts = (settings.prefix() + key).split("/", -1);
        for (int i = 0; i < parts.length; i++) p.append(i == 0 ? "" : "/").append(SigV4.encodeSegment(parts[i]));
        return p.toString();
    }

    private UncheckedIOException failure(String method, String key, HttpResponse<InputStream> r) {
        String code = "";
        try (InputStream in = r.body()) {
            Matcher m = ERROR_CODE.matcher(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
            if (m.find()) code = " " + m.group(1);
        } catch (IOException ignored) {
            // the status alone still says what failed
        }
        IOException cause = new IOException(
                "media store refused " + method + " " + key + ": " + r.statusCode() + code + " (" + settings + ")");
        return retryable(r.statusCode())
                ? new MediaUnavailableException(cause.getMessage(), cause)
                : new UncheckedIOException(cause);
    }

    private static int status(HttpResponse<InputStream> r) {
        close(r);
        return r.statusCode();
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // an unread answer body; closing it only frees the connection
        }
    }

    private static InputStream part(InputStream in, long offset, long count) {
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the skip's failure is the one to report
            }
            throw new UncheckedIOException("cannot read media", e);
        }
        return count < 0 ? in : new BoundedInputStream(in, count);
    }

    private static boolean valid(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    private static String checked(String key) {
        if (!valid(key)) throw new IllegalArgumentException("not a blob key: " + key);
        return key;
    }
}
