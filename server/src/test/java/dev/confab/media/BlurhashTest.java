package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BlurhashTest {
    private static final String DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private static BufferedImage filled(int w, int h, int rgb) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < w; x++) for (int y = 0; y < h; y++) im.setRGB(x, y, rgb);
        return im;
    }

    private static int decode83(String s) {
        int v = 0;
        for (char c : s.toCharArray()) v = v * 83 + DIGITS.indexOf(c);
        return v;
    }

    @Test
    void aFlatImageIsItsColourWithNoDetail() {
        // The reference encoder's answer for black with 4x3 components.
        assertThat(Blurhash.encode(filled(32, 24, 0x000000), 4, 3)).isEqualTo("L00000fQfQfQfQfQfQfQfQfQfQfQ");
        String red = Blurhash.encode(filled(20, 20, 0xFF0000), 4, 3);
        assertThat(red).hasSize(28);
        assertThat(decode83(red.substring(2, 6))).isEqualTo(0xFF0000);
    }

    @Test
    void theSizeFlagAndAverageColourFollowTheImage() {
        BufferedImage half = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 32; x++) for (int y = 0; y < 32; y++) half.setRGB(x, y, x < 16 ? 0xFFFFFF : 0x000000);
        String hash = Blurhash.encode(half, 3, 4);
        assertThat(hash.charAt(0)).isEqualTo(DIGITS.charAt(2 + 3 * 9));
        assertThat(hash).hasSize(4 + 2 * 12);
        int dc = decode83(hash.substring(2, 6));
        // half white, half black in linear light averages to a light grey in sRGB (about 188)
        assertThat(dc >> 16 & 0xFF).isBetween(180, 195);
        // a strong left/right contrast puts energy in the first horizontal component
        assertThat(hash.substring(6, 8)).isNotEqualTo("fQ");
    }
}
