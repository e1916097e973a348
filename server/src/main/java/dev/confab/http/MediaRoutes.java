package dev.confab.http;

import dev.confab.error.ConfabException;
import dev.confab.media.MediaStore;
import dev.confab.media.Uploads;
import dev.confab.wire.MediaView;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Upload, download and deletion of media (docs/openapi.yaml), registered through {@link RestApi}.
 * Downloads are served so that no upload can become a page of ours: the type is the detected one,
 * {@code nosniff} stops the browser from guessing another, {@code Content-Security-Policy: sandbox}
 * keeps anything opened directly from running script with our origin, and only plain image, video
 * and audio types are shown inline; everything else (HTML and SVG among it) is an attachment.
 */
public final class MediaRoutes {
    /** Types a browser may show in place. None of them can carry script. */
    static final Set<String> INLINE = Set.of(
            "image/jpeg",
            "image/png",
            "image/gif",
            "image/webp",
            "video/mp4",
            "video/webm",
            "video/quicktime",
            "audio/mpeg",
            "audio/ogg",
            "audio/mp4",
            "audio/wav",
            "audio/flac");
    /** A refused upload's remaining body is read (and dropped) up to this much, so the client can see the answer. */
    private static final long DRAIN_BYTES = 8L << 20;

    private final Uploads uploads;

    public MediaRoutes(Uploads uploads) {
        this.uploads = uploads;
    }

    void register(RestApi.Sink r) {
        r.add("POST", "/media", ctx -> {
            Uploads.Details details = new Uploads.Details(
                    ctx.queryParam("name"),
                    queryInt(ctx, "width"),
                    queryInt(ctx, "height"),
                    RestApi.queryLong(ctx, "durationMs"),
                    RestApi.queryLong(ctx, "posterId"));
            long declared = ctx.req().getContentLengthLong();
            InputStream in = ctx.req().getInputStream();
            try {
                ctx.status(201)
                        .json(MediaView.of(uploads.upload(RestApi.who(ctx).userId(), in, declared, details)));
            } catch (RuntimeException e) {
                drain(in, declared);
                throw e;
            }
        });
        r.add(
                "GET",
                "/media/{id}",
                ctx -> serve(ctx, uploads.readable(RestApi.who(ctx).userId(), RestApi.pathId(ctx, "id"), false)));
        r.add(
                "GET",
                "/media/{id}/thumbnail",
                ctx -> serve(ctx, uploads.readable(RestApi.who(ctx).userId(), RestApi.pathId(ctx, "id"), true)));
        r.add("DELETE", "/media/{id}", ctx -> {
            uploads.delete(RestApi.who(ctx).userId(), RestApi.pathId(ctx, "id"));
            ctx.status(204);
        });
    }

    private void serve(Context ctx, Uploads.Readable r) {
        if (!headers(ctx, r.key(), r.type(), r.thumbnail() ? null : r.media().name())) return;
        String ifRange = ctx.header("If-Range");
        ByteRange range = ifRange == null || ifRange.equals(etag(r.key()))
                ? ByteRange.parse(ctx.header("Range"), r.length())
                : null;
        long offset = range == null ? 0 : range.start();
        long length = range == null ? r.length() : range.length();
        if (range != null) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + r.length());
        }
        try (InputStream in = uploads.open(r, offset, length)) {
            write(ctx, in, length);
        } catch (IOException e) {
            throw new UncheckedIOException("download interrupted", e);
        }
    }

    /** Sends a whole blob (avatars) with the same headers as any download. */
    static void send(Context ctx, MediaStore.Blob blob, String key, String type, String name) {
        if (!headers(ctx, key, type, name)) return;
        write(ctx, blob.in(), blob.length());
    }

    private static void write(Context ctx, InputStream in, long length) {
        ctx.res().setContentLengthLong(length);
        try (OutputStream out = ctx.res().getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("download interrupted", e);
        }
    }

    private static String etag(String key) {
        return "\"" + key + "\"";
    }

    /**
     * Sets the headers every download gets; false (and a 304) when the client's copy is current.
     * The type is the one detected at upload; the ETag is the content hash.
     */
    private static boolean headers(Context ctx, String key, String type, String name) {
        String etag = etag(key);
        boolean inline = INLINE.contains(type);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "sandbox");
        // Revalidated every time: whether I may still read it can change (I leave the room), the bytes cannot.
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Content-Disposition", disposition(inline ? "inline" : "attachment", name));
        ctx.contentType(inline ? type : "application/octet-stream");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return false;
        }
        return true;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) return true;
        }
        return false;
    }

    /**
     * RFC 6266: a quoted ASCII fallback ({@code "} and {@code \} and anything non-ASCII replaced) for
     * old clients, and the exact name as {@code filename*} in UTF-8 percent-encoding.
     */
    static String disposition(String type, String name) {
        if (name == null) return type;
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '_'));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static Integer queryInt(Context ctx, String name) {
        Long v = RestApi.queryLong(ctx, name);
        if (v == null) return null;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw ConfabException.invalid(name + " is out of range");
        return v.intValue();
    }

    /**
     * Answering while the client is still sending would reset the connection, and the client would
     * see an I/O error instead of the code; so what is left of a refused upload is read, up to a point.
     */
    static void drain(InputStream in, long declared) {
        if (declared > DRAIN_BYTES) return;
        try {
            long left = DRAIN_BYTES;
            byte[] buf = new byte[16 * 1024];
            for (int n; left > 0 && (n = in.read(buf)) > 0; ) left -= n;
        } catch (IOException | RuntimeException ignored) {
            // the answer is the refusal either way
        }
    }
}
