package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageInspectorTest {
    @Test
    void recognizesEachAcceptedFormatByItsBytesAndReadsItsSize() {
        assertThat(ImageInspector.inspect(TestImages.png(40, 30))).isEqualTo(new ImageInspector.Inspected(ImageType.PNG, 40, 30));
        assertThat(ImageInspector.inspect(TestImages.jpeg(64, 16))).isEqualTo(new ImageInspector.Inspected(ImageType.JPEG, 64, 16));
        assertThat(ImageInspector.inspect(TestImages.gif(8, 9))).isEqualTo(new ImageInspector.Inspected(ImageType.GIF, 8, 9));
        assertThat(ImageInspector.inspect(TestImages.webp(300, 200))).isEqualTo(new ImageInspector.Inspected(ImageType.WEBP, 300, 200));
    }

    @Test
    void refusesWhatIsNotAnAcceptedImage() {
        assertRefused("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertRefused("BM\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(new byte[0], ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void refusesAnImageThatDoesNotDecode() {
        byte[] png = TestImages.png(40, 30);
        byte[] headerThenGarbage = Arrays.copyOf(png, 8 + 64);
        Arrays.fill(headerThenGarbage, 8, headerThenGarbage.length, (byte) 0x5A);
        assertRefused(headerThenGarbage, ErrorCode.INVALID_IMAGE);
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertRefused(truncated, ErrorCode.INVALID_IMAGE);
        assertRefused(Arrays.copyOf(TestImages.webp(10, 10), 16), ErrorCode.INVALID_IMAGE);
    }

    @Test
    void refusesMoreThan4096PixelsASideWhateverTheFileSize() {
        assertThat(ImageInspector.inspect(TestImages.png(4096, 2)).width()).isEqualTo(4096);
        assertRefused(TestImages.png(4097, 2), ErrorCode.TOO_LARGE);
        assertRefused(TestImages.gif(2, 5000), ErrorCode.TOO_LARGE);
        assertRefused(TestImages.webp(5000, 10), ErrorCode.TOO_LARGE);
    }

    private static void assertRefused(byte[] bytes, ErrorCode code) {
        assertThatThrownBy(() -> ImageInspector.inspect(bytes)).isInstanceOfSatisfying(ConfabException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
