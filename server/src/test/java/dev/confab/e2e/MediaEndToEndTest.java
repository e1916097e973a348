package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.BinaryResponse;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.MediaInfo;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Uploads, downloads and their rules through a real server, on each store (issue 9). */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MediaEndToEndTest {
    @Parameter
    StoreKind kind;

    TestServer server;

    private TestServer start(Map<String, String> overrides) {
        server = TestServer.start(kind, overrides);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The start of an MP4 (an ftyp box), then filler: the server does not decode video. */
    static byte[] mp4(int size) {
        byte[] b = Arrays.copyOf(ascii("\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2"), size);
        for (int i = 24; i < size; i++) b[i] = (byte) (i * 31);
        return b;
    }

    private List<Path> blobFiles() {
        try (Stream<Path> files = Files.walk(server.mediaDir())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("staging"))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void refused(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    @Test
    void eachUploadIsTypedFromItsBytesAndDescribed() throws Exception {
        start(Map.of());
        ConfabClient alice = server.newUser("Alice");

        MediaInfo png = alice.uploadMedia(TestImages.png(640, 480), "holiday.png");
        assertThat(png.kind()).isEqualTo("image");
        assertThat(png.type()).isEqualTo("image/png");
        assertThat(png.name()).isEqualTo("holiday.png");
        assertThat(png.width()).isEqualTo(640);
        assertThat(png.height()).isEqualTo(480);
        assertThat(png.placeholder()).hasSize(28);
        assertThat(png.url()).isEqualTo("/api/v1/media/" + png.id());
        assertThat(png.thumbnailUrl()).isEqualTo("/api/v1/media/" + png.id() + "/thumbnail");
        BufferedImage thumb = ImageIO.read(
                new ByteArrayInputStream(alice.media(png.id(), true).body()));
        assertThat(thumb.getWidth()).isEqualTo(320);
        assertThat(thumb.getHeight()).isEqualTo(240);

        assertThat(alice.uploadMedia(TestImages.jpegWithOrientation(40, 20, 6), "r.jpg"))
                .as("dimensions as shown, after EXIF orientation")
                .extracting(MediaInfo::width, MediaInfo::height)
                .containsExactly(20, 40);
        assertThat(alice.uploadMedia(TestImages.gif(8, 8), null).type()).isEqualTo("image/gif");
        MediaInfo webp = alice.uploadMedia(TestImages.webp(), "x.jpg");
        assertThat(webp.type()).isEqualTo("image/webp");
        assertThat(webp.width()).isEqualTo(300);

        MediaInfo video = alice.uploadMedia(
                () -> new ByteArrayInputStream(mp4(5000)), 5000, "clip.mp4", 1920, 1080, 12_500L, png.id());
        assertThat(video.kind()).isEqualTo("video");
        assertThat(video.type()).isEqualTo("video/mp4");
        assertThat(video.width()).isEqualTo(1920);
        assertThat(video.durationMs()).isEqualTo(12_500L);
        assertThat(video.placeholder()).as("the poster's").isEqualTo(png.placeholder());
        assertThat(alice.media(video.id(), true).body())
                .as("the poster is the thumbnail")
                .isEqualTo(alice.media(png.id(), true).body());

        byte[] ogg = ascii("OggS\0\u0002rest of a vorbis stream");
        MediaInfo audio =
                alice.uploadMedia(() -> new ByteArrayInputStream(ogg), ogg.length, "a.ogg", null, null, 3_000L, null);
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.width()).isNull();
        assertThat(audio.thumbnailUrl()).isNull();

        MediaInfo pdf = alice.uploadMedia(ascii("%PDF-1.7\n%fake but typed by its magic\n"), "report.pdf");
        assertThat(pdf.kind()).isEqualTo("file");
        assertThat(pdf.type()).isEqualTo("application/pdf");
        MediaInfo disguised =
                alice.uploadMedia(ascii("<html><script>alert(document.cookie)</script></html>"), "cute-cat.png");
        assertThat(disguised.kind()).as("what the name claims plays no part").isEqualTo("file");
        assertThat(disguised.type()).isEqualTo("text/html");
        assertThat(alice.uploadMedia(ascii("just bytes"), "../../etc/passwd").name())
                .as("only the last path segment")
                .isEqualTo("passwd");
    }

    @Test
    void clientClaimsAboutVideoAndAudioAreCheckedForSanity() {
        start(Map.of());
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        long bobsImage = bob.uploadMedia(TestImages.png(10, 10), null).id();
        long myFile = alice.uploadMedia(ascii("%PDF-1.4"), null).id();
        byte[] clip = mp4(100);
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(clip), 100, null, 0, 10, null, null),
                400,
                "invalid_field");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(clip), 100, null, 100_000, 10, null, null),
                400,
                "invalid_field");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(clip), 100, null, 10, null, null, null),
                400,
                "invalid_field");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(clip), 100, null, null, null, -1L, null),
                400,
                "invalid_field");
        refused(
                () -> alice.uploadMedia(
                        () -> new ByteArrayInputStream(clip), 100, null, null, null, 90_000_000_000L, null),
                400,
                "invalid_field");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(clip), 100, null, null, null, null, bobsImage),
                400,
                "invalid_field");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(clip), 100, null, null, null, null, myFile),
                400,
                "invalid_field");
        byte[] ogg = ascii("OggS\0\u0002....");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(ogg), ogg.length, null, 10, 10, null, null),
                400,
                "invalid_field");
        byte[] pdf = ascii("%PDF-1.4");
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(pdf), pdf.length, null, null, null, 5L, null),
                400,
                "invalid_field");
        refused(() -> alice.uploadMedia(new byte[0], "empty"), 400, "invalid_field");
        byte[] png = TestImages.png(10, 10);
        refused(
                () -> alice.uploadMedia(() -> new ByteArrayInputStream(png), png.length, null, 10, 10, null, null),
                400,
                "invalid_field");
    }

    @Test
    void theSameBytesAreStoredOnceButEachUploadIsItsOwn() {
        start(Map.of());
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        byte[] bytes = ascii("%PDF-1.7 the same report, twice");
        MediaInfo a = alice.uploadMedia(bytes, "mine.pdf");
        MediaInfo b = bob.uploadMedia(bytes, "his.pdf");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(blobFiles()).hasSize(1);
        assertThat(alice.media(a.id(), false).header("Content-Disposition")).contains("mine.pdf");
        assertThat(bob.media(b.id(), false).header("Content-Disposition")).contains("his.pdf");
        assertThat(alice.media(a.id(), false).header("ETag"))
                .isEqualTo(bob.media(b.id(), false).header("ETag"));

        alice.deleteMedia(a.id());
        assertThat(alice.media(a.id(), false).status()).isEqualTo(404);
        assertThat(bob.media(b.id(), false).body())
                .as("Bob's upload keeps the shared blob")
                .isEqualTo(bytes);
        assertThat(blobFiles()).hasSize(1);
        bob.deleteMedia(b.id());
        assertThat(blobFiles()).as("the last row gone, the blob goes").isEmpty();
        refused(() -> bob.deleteMedia(b.id()), 404, "media_not_found");
        MediaInfo c = alice.uploadMedia(bytes, "again.pdf");
        assertThat(alice.media(c.id(), false).body()).as("stored anew").isEqualTo(bytes);
    }

    @Test
    void downloadsAreServedSoNoUploadCanBecomeAPage() {
        start(Map.of());
        ConfabClient alice = server.newUser("Alice");
        byte[] png = TestImages.png(20, 20);
        MediaInfo image = alice.uploadMedia(png, "pic.png");
        BinaryResponse served = alice.media(image.id(), false);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.header("Content-Type")).isEqualTo("image/png");
        assertThat(served.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(served.header("Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(served.header("Content-Disposition")).startsWith("inline");
        assertThat(served.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(served.header("ETag")).matches("\"[0-9a-f]{64}\"");
        assertThat(served.header("Accept-Ranges")).isEqualTo("bytes");
        BinaryResponse again = alice.media(image.id(), Map.of("If-None-Match", served.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        // The polyglot: HTML that calls itself a PNG is a download, never a page.
        byte[] html = ascii("<!doctype html><html><body><script>fetch('/api/v1/me')</script></body></html>");
        MediaInfo polyglot = alice.uploadMedia(html, "cute-cat.png");
        BinaryResponse page = alice.media(polyglot.id(), false);
        assertThat(page.body()).isEqualTo(html);
        assertThat(page.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(page.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"cute-cat.png\"; filename*=UTF-8''cute-cat.png");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Content-Security-Policy")).isEqualTo("sandbox");

        // A real PNG with HTML after its end is an image: shown as one, never sniffed into a page.
        byte[] appended = concat(png, html);
        BinaryResponse pngFirst =
                alice.media(alice.uploadMedia(appended, "x.html").id(), false);
        assertThat(pngFirst.header("Content-Type")).isEqualTo("image/png");
        assertThat(pngFirst.header("X-Content-Type-Options")).isEqualTo("nosniff");

        byte[] svg = ascii("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>");
        BinaryResponse vector = alice.media(alice.uploadMedia(svg, "logo.svg").id(), false);
        assertThat(vector.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(vector.header("Content-Disposition")).startsWith("attachment");

        String name = "résumé \"final\" v2.pdf";
        BinaryResponse named =
                alice.media(alice.uploadMedia(ascii("%PDF-1.4"), name).id(), false);
        String disposition = named.header("Content-Disposition");
        assertThat(disposition).startsWith("attachment; filename=\"r_sum_ _final_ v2.pdf\"; filename*=UTF-8''");
        String encoded = disposition.substring(disposition.indexOf("UTF-8''") + 7);
        assertThat(encoded).doesNotContain(" ", "\"", "\\");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(name);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void rangeRequestsServeParts() {
        start(Map.of());
        ConfabClient alice = server.newUser("Alice");
        byte[] clip = mp4(10_000);
        long id = alice.uploadMedia(
                        () -> new ByteArrayInputStream(clip), clip.length, "clip.mp4", null, null, null, null)
                .id();

        BinaryResponse first = alice.media(id, Map.of("Range", "bytes=0-99"));
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(clip, 0, 100));
        assertThat(first.header("Content-Range")).isEqualTo("bytes 0-99/10000");
        assertThat(first.header("Content-Length")).isEqualTo("100");
        assertThat(first.header("Content-Type")).isEqualTo("video/mp4");

        BinaryResponse rest = alice.media(id, Map.of("Range", "bytes=9000-"));
        assertThat(rest.status()).isEqualTo(206);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(clip, 9000, 10_000));
        assertThat(rest.header("Content-Range")).isEqualTo("bytes 9000-9999/10000");

        BinaryResponse tail = alice.media(id, Map.of("Range", "bytes=-10"));
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(clip, 9990, 10_000));
        BinaryResponse clipped = alice.media(id, Map.of("Range", "bytes=9995-20000"));
        assertThat(clipped.header("Content-Range")).isEqualTo("bytes 9995-9999/10000");

        BinaryResponse outside = alice.media(id, Map.of("Range", "bytes=10000-"));
        assertThat(outside.status()).isEqualTo(416);
        assertThat(new String(outside.body(), StandardCharsets.UTF_8)).contains("range_not_satisfiable");

        BinaryResponse several = alice.media(id, Map.of("Range", "bytes=0-1,5-6"));
        assertThat(several.status()).as("several ranges: the whole file").isEqualTo(200);
        assertThat(several.body()).isEqualTo(clip);
        BinaryResponse stale = alice.media(id, Map.of("Range", "bytes=0-1", "If-Range", "\"not-the-etag\""));
        assertThat(stale.status())
                .as("If-Range no longer matching: the whole file")
                .isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(alice.media(id, Map.of("Range", "bytes=0-1", "If-Range", etag))
                        .status())
                .isEqualTo(206);
    }

    @Test
    void anUploadNoMessageUsesIsMineAlone() {
        start(Map.of());
        ConfabClient alice = server.newUser("Alice");
        ConfabClient eve = server.newUser("Eve");
        MediaInfo image = alice.uploadMedia(TestImages.png(10, 10), "secret.png");
        BinaryResponse forbidden = eve.media(image.id(), false);
        BinaryResponse missing = eve.media(999_999, false);
        assertThat(forbidden.status()).isEqualTo(404);
        assertThat(new String(forbidden.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(missing.body(), StandardCharsets.UTF_8))
                .contains("media_not_found");
        assertThat(eve.media(image.id(), true).status()).isEqualTo(404);
        refused(() -> eve.deleteMedia(image.id()), 404, "media_not_found");
        assertThat(alice.media(image.id(), false).status()).isEqualTo(200);
        assertThat(alice.media(alice.uploadMedia(ascii("%PDF-"), null).id(), true)
                        .status())
                .as("no thumbnail for a file")
                .isEqualTo(404);
    }

    @Test
    void limitsPerKindTypesAndQuotaHaveTheirCodes() {
        Map<String, String> s = new HashMap<>();
        s.put("media.maxBytes.image", "30000");
        s.put("media.maxBytes.file", "20000");
        s.put("media.types.file", "application/pdf,application/octet-stream");
        s.put("media.quotaBytes", "50000");
        s.put("media.maxPixels", "1000000");
        start(s);
        ConfabClient alice = server.newUser("Alice");

        byte[] bigPdf = Arrays.copyOf(ascii("%PDF-1.7"), 20_001);
        refused(() -> alice.uploadMedia(bigPdf, "big.pdf"), 413, "too_large");
        byte[] noisyPng = TestImages.pngBomb(100, 100);
        assertThat(alice.uploadMedia(noisyPng, null).kind()).isEqualTo("image");
        refused(() -> alice.uploadMedia(TestImages.pngBomb(1001, 1000), null), 413, "too_large");
        refused(() -> alice.uploadMedia(ascii("<html></html>"), "page.html"), 415, "unsupported_media_type");
        byte[] garbage = Arrays.copyOf(TestImages.png(40, 30), 72);
        Arrays.fill(garbage, 8, 72, (byte) 0x5A);
        refused(() -> alice.uploadMedia(garbage, "broken.png"), 400, "invalid_image");
        assertThat(blobFiles()).as("refusals store nothing").hasSize(2);

        alice.uploadMedia(Arrays.copyOf(ascii("%PDF-1.7 a"), 19_000), null);
        alice.uploadMedia(Arrays.copyOf(ascii("%PDF-1.7 b"), 19_000), null);
        refused(() -> alice.uploadMedia(Arrays.copyOf(ascii("%PDF-1.7 c"), 19_000), null), 413, "quota_exceeded");
        ConfabClient bob = server.newUser("Bob");
        assertThat(bob.uploadMedia(Arrays.copyOf(ascii("%PDF-1.7 c"), 19_000), null)
                        .size())
                .as("the quota is per user")
                .isEqualTo(19_000);
    }

    @Test
    void uploadsAreRateLimitedPerUser() {
        start(Map.of("rate.upload", "2/1h"));
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        alice.uploadMedia(ascii("%PDF-1"), null);
        alice.uploadMedia(ascii("%PDF-2"), null);
        assertThatThrownBy(() -> alice.uploadMedia(ascii("%PDF-3"), null))
                .isInstanceOfSatisfying(ConfabException.class, e -> {
                    assertThat(e.code()).isEqualTo("rate_limited");
                    assertThat(e.retryAfterMs()).isPositive();
                });
        assertThat(alice.uploadAvatar(TestImages.png(8, 8), "image/png").hasAvatar())
                .as("avatars have their own rate.avatar")
                .isTrue();
        assertThat(bob.uploadMedia(ascii("%PDF-4"), null).kind()).isEqualTo("file");
    }

    @Test
    void aSlowUploadMayTakeLongerThanOtherRequestBodies() {
        start(Map.of("http.bodyTimeoutMillis", "1000"));
        ConfabClient alice = server.newUser("Alice");
        int size = 24 * 1024;
        byte[] pdf = Arrays.copyOf(ascii("%PDF-1.7 slowly"), size);
        // 24 KiB at 1 KiB per 100 ms: about 2.4 s, past the 1 s deadline of other bodies
        java.io.InputStream trickle = new java.io.InputStream() {
            int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) return -1;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int n = Math.min(Math.min(len, 1024), size - pos);
                System.arraycopy(pdf, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        MediaInfo slow = alice.uploadMedia(() -> trickle, size, "slow.pdf", null, null, null, null);
        assertThat(alice.media(slow.id(), false).body()).isEqualTo(pdf);
    }

    @Test
    void uploadsNoMessageUsesAreSweptAwayInTime() throws Exception {
        start(Map.of("media.unattachedSeconds", "1"));
        ConfabClient alice = server.newUser("Alice");
        alice.uploadAvatar(TestImages.png(12, 12), "image/png");
        List<Path> avatarBlobs = blobFiles();
        MediaInfo image = alice.uploadMedia(TestImages.jpeg(30, 30), "forgotten.jpg");
        assertThat(blobFiles()).hasSizeGreaterThan(avatarBlobs.size());
        Thread.sleep(1100); // the configured time has to pass
        assertThat(server.server().sweepMedia()).isEqualTo(1);
        assertThat(alice.media(image.id(), false).status()).isEqualTo(404);
        assertThat(blobFiles()).as("the avatar's blobs remain").containsExactlyInAnyOrderElementsOf(avatarBlobs);
        assertThat(alice.avatar(alice.user().id()).status()).isEqualTo(200);
    }
}
