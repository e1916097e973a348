package dev.confab.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.BinaryResponse;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.MediaInfo;
import dev.confab.client.Room;
import dev.confab.testing.S3Proxy;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TcpProxy;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While the bucket cannot be reached, uploads and downloads answer 503 {@code media_unavailable}
 * with a retry hint, say nothing of the file or the store, and leave nothing behind; once it is
 * back, the same requests work.
 */
class MediaStoreOutageEndToEndTest {
    @Test
    void anUnreachableBucketIsARetryableRefusalAndNothingIsHalfDone() throws Exception {
        try (S3Proxy s3 = new S3Proxy();
                TcpProxy relay =
                        new TcpProxy(s3.endpoint().getHost(), s3.endpoint().getPort())) {
            String bucket = s3.newBucket();
            Map<String, String> settings = new HashMap<>(s3.serverSettings(bucket));
            settings.put("media.s3.endpoint", "http://127.0.0.1:" + relay.port());
            settings.put("media.s3.timeoutMillis", "3000");
            byte[] cat = TestImages.png(64, 48);
            byte[] dog = TestImages.png(32, 32);
            // room for the cat and one dog: a row left by the refused dog would make the second refused
            settings.put("media.quotaBytes", String.valueOf(cat.length + dog.length + dog.length / 2));
            try (TestServer server = TestServer.start(StoreKind.SQLITE, settings)) {
                ConfabClient alice = server.newUser("Alice");
                ConfabClient bob = server.newUser("Bob");
                Room room = alice.createGroup("photos", null, List.of(bob.user().id()));
                MediaInfo photo = alice.uploadMedia(cat, "cat.png");
                alice.postMedia(room.id(), "p1", photo.id(), null);
                long objects = s3.objects(bucket);

                relay.cut();
                BinaryResponse download = bob.media(photo.id(), Map.of("Range", "bytes=0-9"));
                assertThat(download.status()).isEqualTo(503);
                String body = new String(download.body(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(body).contains("\"code\":\"media_unavailable\"").contains("\"retryAfterMs\":1000");
                assertThat(body).doesNotContain("127.0.0.1").doesNotContain(bucket);
                assertThat(download.header("Retry-After")).isEqualTo("1");
                assertThat(download.header("Content-Range")).isNull();
                assertThat(download.header("ETag")).isNull();
                assertThat(download.header("Content-Disposition")).isNull();

                assertThatThrownBy(() -> alice.uploadMedia(dog, "dog.png"))
                        .isInstanceOfSatisfying(ConfabException.class, e -> {
                            assertThat(e.status()).isEqualTo(503);
                            assertThat(e.code()).isEqualTo("media_unavailable");
                            assertThat(e.retryAfterMs()).isEqualTo(1000L);
                        });

                relay.restore();
                assertThat(s3.objects(bucket))
                        .as("the refused upload stored nothing")
                        .isEqualTo(objects);
                assertThat(bob.media(photo.id(), Map.of("Range", "bytes=0-9")).status())
                        .isEqualTo(206);
                MediaInfo again = alice.uploadMedia(dog, "dog.png");
                assertThat(again.size())
                        .as("within the quota: the refused upload left no row")
                        .isEqualTo(dog.length);
            }
        }
    }
}
