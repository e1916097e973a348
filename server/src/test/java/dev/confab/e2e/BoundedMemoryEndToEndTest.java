package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.MediaInfo;
import dev.confab.testing.ChildServer;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server runs in its own JVM with a 64 MB heap. A 200 MB upload (generated on the fly, never
 * in memory on either side) is stored and read back whole and by range, and a 10,000 x 10,000 PNG
 * (100 million pixels in 100 KB) is refused: had either been held in memory or decoded, the server
 * would have run out of heap. It is still healthy afterwards.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class BoundedMemoryEndToEndTest {
    private static final long SIZE = 200L << 20;
    private static final String HEAP = "-Xmx64m";

    @Parameter
    StoreKind kind;

    /** Deterministic bytes: an MP4 file-type box, then a counter-based pattern; byte {@code i} is computable alone. */
    static final class Generated extends InputStream {
        private static final byte[] HEAD =
                "\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        private final long size;
        private long pos;

        Generated(long size) {
            this.size = size;
        }

        static byte at(long i) {
            if (i < HEAD.length) return HEAD[(int) i];
            long x = i * 0x9E3779B97F4A7C15L;
            return (byte) (x >>> 56 ^ x >>> 23);
        }

        @Override
        public int read() {
            return pos < size ? at(pos++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int k = 0; k < n; k++) b[off + k] = at(pos + k);
            pos += n;
            return n;
        }
    }

    @Test
    void aHugeUploadStreamsAndABombIsRefusedOnASmallHeap() throws Exception {
        try (StoreKind.TestStore store = kind.create()) {
            Path media = Files.createTempDirectory("confab-media");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            URI base = URI.create("http://127.0.0.1:" + port);
            Process server =
                    ChildServer.start(List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"), settings(store, port, media));
            try {
                ChildServer.awaitReady(base);
                ConfabClient alice = ConfabClient.signup(base, "alice", "password-alice", "Alice", "phone");

                MessageDigest sent = MessageDigest.getInstance("SHA-256");
                MediaInfo big = alice.uploadMedia(
                        () -> new java.security.DigestInputStream(new Generated(SIZE), sent),
                        SIZE,
                        "big.mp4",
                        null,
                        null,
                        null,
                        null);
                assertThat(big.size()).isEqualTo(SIZE);
                assertThat(big.kind()).isEqualTo("video");
                String expected = HexFormat.of().formatHex(sent.digest());

                HttpClient http = HttpClient.newHttpClient();
                HttpRequest whole = HttpRequest.newBuilder(base.resolve("/api/v1/media/" + big.id()))
                        .header("Authorization", "Bearer " + alice.token())
                        .timeout(Duration.ofMinutes(5))
                        .build();
                HttpResponse<InputStream> r = http.send(whole, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("ETag")).hasValue("\"" + expected + "\"");
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                long n = 0;
                try (InputStream in = r.body()) {
                    byte[] buf = new byte[64 * 1024];
                    for (int k; (k = in.read(buf)) > 0; n += k) got.update(buf, 0, k);
                }
                assertThat(n).isEqualTo(SIZE);
                assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(expected);

                long from = 150_000_000L;
                HttpResponse<byte[]> part = http.send(
                        HttpRequest.newBuilder(whole.uri())
                                .header("Authorization", "Bearer " + alice.token())
                                .header("Range", "bytes=" + from + "-" + (from + 99))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(part.statusCode()).isEqualTo(206);
                byte[] want = new byte[100];
                for (int k = 0; k < 100; k++) want[k] = Generated.at(from + k);
                assertThat(part.body()).isEqualTo(want);

                byte[] bomb = TestImages.pngBomb(10_000, 10_000);
                assertThatThrownBy(() -> alice.uploadMedia(bomb, "bomb.png"))
                        .isInstanceOfSatisfying(ConfabException.class, e -> {
                            assertThat(e.code()).isEqualTo("too_large");
                            assertThat(e.status()).isEqualTo(413);
                        });
                assertThat(server.isAlive()).isTrue();
                assertThat(alice.uploadMedia(TestImages.jpeg(1200, 900), "ok.jpg")
                                .width())
                        .as("still serving")
                        .isEqualTo(1200);
                assertThat(alice.raw("GET", "/readyz", null).status()).isEqualTo(200);
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
                try (var files = Files.walk(media)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static Map<String, String> settings(StoreKind.TestStore store, int port, Path media) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("http.host", "127.0.0.1");
        s.put("http.port", String.valueOf(port));
        s.put("store.url", store.url());
        s.put("store.user", store.user());
        s.put("auth.bcryptCost", "4");
        s.put("media.dir", media.toString());
        s.put("store.poolSize", "4");
        return s;
    }
}
