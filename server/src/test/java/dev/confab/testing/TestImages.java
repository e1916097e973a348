package dev.confab.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real images made on the spot, in the formats avatars accept. */
public final class TestImages {
    private TestImages() {}

    public static byte[] png(int width, int height) {
        return encode("png", width, height, BufferedImage.TYPE_INT_ARGB);
    }

    public static byte[] jpeg(int width, int height) {
        return encode("jpeg", width, height, BufferedImage.TYPE_INT_RGB);
    }

    public static byte[] gif(int width, int height) {
        return encode("gif", width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** The header of a lossless WebP ("VP8L") of this size; the JDK cannot decode WebP, so no pixel data is checked. */
    public static byte[] webp(int width, int height) {
        byte[] b = new byte[30];
        put(b, 0, "RIFF");
        put(b, 8, "WEBP");
        put(b, 12, "VP8L");
        b[16] = 10;
        b[20] = 0x2F;
        int bits = (width - 1) | (height - 1) << 14;
        b[21] = (byte) bits;
        b[22] = (byte) (bits >>> 8);
        b[23] = (byte) (bits >>> 16);
        b[24] = (byte) (bits >>> 24);
        return b;
    }

    private static void put(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) b[at + i] = (byte) ascii.charAt(i);
    }

    private static byte[] encode(String format, int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int x = 0; x < width; x++) image.setRGB(x, x % height, 0xFF3366CC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
