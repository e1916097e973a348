package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageProcessorTest {
    @TempDir
    Path dir;

    private final ImageProcessor images = new ImageProcessor(50_000_000, 320);

    private Path file(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "img", ".bin"), bytes);
    }

    private static BufferedImage decode(byte[] bytes) throws Exception {
        BufferedImage im = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(im).as("the thumbnail decodes").isNotNull();
        return im;
    }

    @Test
    void readsEachAcceptedFormatAndMakesAThumbnailAndPlaceholder() throws Exception {
        record Case(byte[] bytes, String type, int w, int h) {}
        for (Case c : new Case[] {
            new Case(TestImages.png(40, 30), "image/png", 40, 30),
            new Case(TestImages.jpeg(64, 16), "image/jpeg", 64, 16),
            new Case(TestImages.gif(8, 9), "image/gif", 8, 9),
            new Case(TestImages.webp(), "image/webp", 300, 200),
            new Case(TestImages.webpWithAlpha(), "image/webp", 64, 48)
        }) {
            ImageProcessor.Processed p = images.process(file(c.bytes()), c.type());
            assertThat(p.width()).as(c.type()).isEqualTo(c.w());
            assertThat(p.height()).as(c.type()).isEqualTo(c.h());
            BufferedImage thumb = decode(p.thumbnail());
            assertThat(thumb.getWidth()).isEqualTo(Math.min(c.w(), 320));
            assertThat(p.placeholder()).hasSize(28);
        }
        ImageProcessor.Processed alpha = images.process(file(TestImages.webpWithAlpha()), "image/webp");
        assertThat(alpha.thumbnailType()).as("transparency survives as PNG").isEqualTo("image/png");
        assertThat(images.process(file(TestImages.webp()), "image/webp").thumbnailType())
                .isEqualTo("image/jpeg");
    }

    @Test
    void bigImagesAreScaledDownToTheThumbnailSide() throws Exception {
        ImageProcessor.Processed p = images.process(file(TestImages.jpeg(2000, 1000)), "image/jpeg");
        assertThat(p.width()).isEqualTo(2000);
        BufferedImage thumb = decode(p.thumbnail());
        assertThat(thumb.getWidth()).isEqualTo(320);
        assertThat(thumb.getHeight()).isEqualTo(160);
    }

    @Test
    void exifOrientationIsAppliedAndTheThumbnailCarriesNoMetadata() throws Exception {
        // stored 40x20, left half red; orientation 6 = turn 90 degrees clockwise to show
        byte[] jpeg = TestImages.jpegWithOrientation(40, 20, 6);
        ImageProcessor.Processed p = images.process(file(jpeg), "image/jpeg");
        assertThat(p.width()).isEqualTo(20);
        assertThat(p.height()).isEqualTo(40);
        BufferedImage thumb = decode(p.thumbnail());
        assertThat(thumb.getWidth()).isEqualTo(20);
        assertThat(thumb.getHeight()).isEqualTo(40);
        int top = thumb.getRGB(10, 5);
        int bottom = thumb.getRGB(10, 35);
        assertThat(top >> 16 & 0xFF).as("the red left half is now on top").isGreaterThan(200);
        assertThat(bottom & 0xFF).as("the blue right half at the bottom").isGreaterThan(200);
        String raw = new String(p.thumbnail(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("Exif");
        assertThat(new String(jpeg, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("Exif");

        ImageProcessor.Processed eight = images.process(file(TestImages.jpegWithOrientation(40, 20, 8)), "image/jpeg");
        BufferedImage t8 = decode(eight.thumbnail());
        assertThat(t8.getRGB(10, 35) >> 16 & 0xFF)
                .as("counter-clockwise: red ends at the bottom")
                .isGreaterThan(200);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        Path bomb = file(TestImages.pngBomb(10_000, 10_000));
        assertThat(Files.size(bomb)).isLessThan(1_000_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> images.process(bomb, "image/png"))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Decoding would need 100 million pixels (400 MB as ARGB); reading the header needs a few KB.
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(4L << 20);
    }

    @Test
    void anImageBelowThePixelLimitIsDecodedSubsampled() throws Exception {
        // 7000x7000 is 49 million pixels (under the limit): decoded whole it would take ~200 MB.
        Path big = file(TestImages.pngBomb(7_000, 7_000));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ImageProcessor.Processed p = images.process(big, "image/png");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(p.width()).isEqualTo(7000);
        assertThat(decode(p.thumbnail()).getWidth()).isEqualTo(320);
        assertThat(allocated).as("bytes allocated while decoding subsampled").isLessThan(64L << 20);
    }

    @Test
    void refusesWhatDoesNotDecode() throws Exception {
        byte[] png = TestImages.png(40, 30);
        byte[] garbage = Arrays.copyOf(png, 8 + 64);
        Arrays.fill(garbage, 8, garbage.length, (byte) 0x5A);
        for (byte[] bad :
                new byte[][] {garbage, Arrays.copyOf(png, png.length / 2), Arrays.copyOf(TestImages.webp(), 40)}) {
            String type = Sniffer.detect(bad);
            assertThatThrownBy(() -> images.process(file(bad), type))
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IMAGE));
        }
    }
}
