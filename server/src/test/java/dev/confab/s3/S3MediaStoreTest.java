package dev.confab.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.testing.S3Proxy;
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
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("media store unreachable")
                .hasMessageNotContaining("secret");
    }
}
