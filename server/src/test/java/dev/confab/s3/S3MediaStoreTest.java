package dev.confab.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.media.MediaUnavailableException;
import dev.confab.testing.S3Proxy;
import dev.confab.testing.TcpProxy;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only the S3 adapter does: signatures, bucket checks, verified bodies, a prefix, failures. */
class S3MediaStoreTest {
    static S3Proxy s3;

    @BeforeAll
    static void startS3() {
        s3 = new S3Proxy();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) s3.close();
    }

    private static String key(byte[] bytes) {
        return SigV4.sha256Hex(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aBodyThatIsNotTheKeysBytesIsRefusedByTheServer() {
        S3MediaStore store = new S3MediaStore(s3.settings(s3.newBucket())).checked();
        String k = key("the real bytes".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[] other = "other bytes!!!".getBytes();
        assertThatThrownBy(() -> store.put(k, other.length, new ByteArrayInputStream(other)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("PUT");
        assertThat(store.exists(k)).isFalse();
    }

    @Test
    void aPrefixGoesBeforeEveryKey() throws Exception {
        String bucket = s3.newBucket();
        S3MediaStore.Settings base = s3.settings(bucket);
        S3MediaStore store = new S3MediaStore(new S3MediaStore.Settings(
                        base.endpoint(),
                        bucket,
                        base.region(),
                        base.accessKey(),
                        base.secretKey(),
                        "node media/",
                        base.timeout()))
                .checked();
        byte[] bytes = "prefixed".getBytes();
        String k = key(bytes);
        store.put(k, bytes.length, new ByteArrayInputStream(bytes));
        try (var b = store.get(k, 0, -1).orElseThrow()) {
            assertThat(b.in().readAllBytes()).isEqualTo(bytes);
        }
        assertThat(new S3MediaStore(base).exists(k))
                .as("not at the bucket's top")
                .isFalse();
    }

    @Test
    void aMissingBucketOrAWrongSecretStopsTheStart() {
        S3MediaStore.Settings ok = s3.settings(s3.newBucket());
        assertThatThrownBy(() -> new S3MediaStore(s3.settings("no-such-bucket")).checked())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no such bucket");
        S3MediaStore.Settings wrong = new S3MediaStore.Settings(
                ok.endpoint(), ok.bucket(), ok.region(), ok.accessKey(), "not-the-secret", "", ok.timeout());
        assertThatThrownBy(() -> new S3MediaStore(wrong).checked())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("403")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void anUnreachableServerIsAnIoFailureNamingTheStore() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        S3MediaStore store = new S3MediaStore(new S3MediaStore.Settings(
                URI.create("http://127.0.0.1:" + port),
                "confab",
                "us-east-1",
                "k",
                "secret",
                "",
                Duration.ofSeconds(2)));
        String k = key("x".getBytes());
        assertThatThrownBy(() -> store.get(k, 0, -1))
                .isInstanceOf(MediaUnavailableException.class)
                .hasMessageContaining("media store unreachable")
                .hasMessageNotContaining("secret");
    }

    private static final String SLOW_DOWN = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\n"
            + "Content-Length: 39\r\nConnection: close\r\n\r\n<Error><Code>SlowDown</Code></Error>\n\n\n";

    /** The store behind a relay the test can break, with a short timeout. */
    private static S3MediaStore behind(TcpProxy proxy, String bucket) {
        S3MediaStore.Settings base = s3.settings(bucket);
        return new S3MediaStore(new S3MediaStore.Settings(
                URI.create("http://127.0.0.1:" + proxy.port()),
                bucket,
                base.region(),
                base.accessKey(),
                base.secretKey(),
                "",
                Duration.ofSeconds(3)));
    }

    @Test
    void aBusyOrBrieflyUnreachableServerIsTriedAgainAndThenReportedAsUnavailable() throws Exception {
        try (TcpProxy proxy =
                new TcpProxy(s3.endpoint().getHost(), s3.endpoint().getPort())) {
            S3MediaStore store = behind(proxy, s3.newBucket());
            byte[] bytes = "tried again".getBytes();
            String k = key(bytes);

            // two answers of 503, then the real server: the third try stores and reads
            proxy.answerNext(2, SLOW_DOWN);
            store.put(k, bytes.length, new ByteArrayInputStream(bytes));
            assertThat(proxy.answered()).isEqualTo(2);
            proxy.answerNext(2, SLOW_DOWN);
            try (var b = store.get(k, 0, -1).orElseThrow()) {
                assertThat(b.in().readAllBytes()).isEqualTo(bytes);
            }
            assertThat(proxy.answered()).isEqualTo(4);

            // busy for longer than the tries last: unavailable, with S3's own code in the message
            proxy.answerNext(S3MediaStore.ATTEMPTS, SLOW_DOWN);
            assertThatThrownBy(() -> store.get(k, 0, -1))
                    .isInstanceOf(MediaUnavailableException.class)
                    .hasMessageContaining("503 SlowDown");
            assertThat(proxy.answered()).isEqualTo(4 + S3MediaStore.ATTEMPTS);

            // gone: unavailable, and a put that was refused stored nothing
            proxy.cut();
            byte[] other = "never stored".getBytes();
            assertThatThrownBy(() -> store.put(key(other), other.length, new ByteArrayInputStream(other)))
                    .isInstanceOf(MediaUnavailableException.class);
            proxy.restore();
            assertThat(store.exists(key(other))).isFalse();
            assertThat(store.exists(k)).isTrue();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aBodyThatStallsMidWayEndsTheReadInsteadOfHoldingItForever() throws Exception {
        try (TcpProxy proxy =
                new TcpProxy(s3.endpoint().getHost(), s3.endpoint().getPort())) {
            S3MediaStore store = behind(proxy, s3.newBucket());
            byte[] bytes = "0123456789abcdef".repeat(1 << 16).getBytes(); // 1 MiB; key() hashes ASCII only
            String k = key(bytes);
            store.put(k, bytes.length, new ByteArrayInputStream(bytes));

            proxy.stallAnswersAfter(64 * 1024); // headers and the first part of the body, then nothing
            long start = System.nanoTime();
            try (var b = store.get(k, 0, -1).orElseThrow()) {
                assertThat(b.length()).isEqualTo(bytes.length);
                assertThatThrownBy(() -> b.in().readAllBytes())
                        .isInstanceOf(java.io.IOException.class)
                        .hasMessageContaining("sent nothing for 3000 ms mid-body");
            }
            // a liveness bound, far above the 3 s timeout: without the guard the read never returns
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

            // a slow reader is not a stalled server: pauses between reads longer than the timeout are fine
            proxy.stallAnswersAfter(-1);
            try (var b = store.get(k, 0, -1).orElseThrow()) {
                byte[] first = b.in().readNBytes(1000);
                Thread.sleep(3500);
                byte[] rest = b.in().readAllBytes();
                assertThat(first.length + rest.length).isEqualTo(bytes.length);
            }
        }
    }
}
