package dev.confab.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.BinaryResponse;
import dev.confab.client.ConfabClient;
import dev.confab.client.MediaInfo;
import dev.confab.client.Room;
import dev.confab.testing.S3Proxy;
import dev.confab.testing.TestCluster;
import dev.confab.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (PostgreSQL, Redis), each with a media folder of its own, sharing one S3 bucket
 * (s3proxy): what is uploaded through one node downloads, whole, in ranges and as a thumbnail,
 * through the other (issue 12, point 3).
 */
class SharedMediaEndToEndTest {
    @Test
    void mediaUploadedOnOneNodeDownloadsFromTheOther() throws Exception {
        List<Path> dirs = new ArrayList<>();
        try (S3Proxy s3 = new S3Proxy()) {
            String bucket = s3.newBucket();
            try (TestCluster cluster = new TestCluster(2, node -> {
                Map<String, String> s = new HashMap<>(s3.serverSettings(bucket));
                try {
                    Path dir = Files.createTempDirectory("confab-node" + node + "-media");
                    dirs.add(dir);
                    s.put("media.dir", dir.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                s.put("rate.upload", "100000/1s");
                s.put("rate.read", "100000/1s");
                return s;
            })) {
                ConfabClient alice = cluster.newUser(0, "Alice");
                ConfabClient bob = cluster.newUser(1, "Bob");
                Room room = alice.createGroup("photos", null, List.of(bob.user().id()));

                byte[] png = TestImages.png(640, 480);
                MediaInfo photo = alice.uploadMedia(png, "holiday.png");
                alice.postMedia(room.id(), "photo-1", photo.id(), "from node 0");
                assertThat(s3.objects(bucket))
                        .as("the original and its thumbnail")
                        .isEqualTo(2);

                BinaryResponse whole = bob.media(photo.id(), false);
                assertThat(whole.status()).isEqualTo(200);
                assertThat(whole.body()).isEqualTo(png);
                BinaryResponse part = bob.media(photo.id(), Map.of("Range", "bytes=100-199"));
                assertThat(part.status()).isEqualTo(206);
                assertThat(part.body()).isEqualTo(Arrays.copyOfRange(png, 100, 200));
                assertThat(part.header("Content-Range")).isEqualTo("bytes 100-199/" + png.length);
                BinaryResponse thumb = bob.media(photo.id(), true);
                assertThat(thumb.status()).isEqualTo(200);
                BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.body()));
                assertThat(t.getWidth()).isEqualTo(320);
                assertThat(thumb.body()).isEqualTo(alice.media(photo.id(), true).body());

                for (Path dir : dirs) {
                    try (var files = Files.walk(dir)) {
                        assertThat(files.filter(Files::isRegularFile).toList())
                                .as("no blob on a node's disk")
                                .isEmpty();
                    }
                }

                MediaInfo unused = bob.uploadMedia(TestImages.gif(8, 8), null);
                assertThat(s3.objects(bucket)).isEqualTo(4);
                bob.deleteMedia(unused.id());
                assertThat(s3.objects(bucket))
                        .as("a deleted upload leaves the bucket")
                        .isEqualTo(2);
            }
        }
    }
}
