package dev.confab.media;

import java.awt.image.BufferedImage;

/**
 * A BlurHash (blurha.sh): a few DCT components of an image in about 30 ASCII characters, which a
 * client decodes into a blurred placeholder of the right colours while the thumbnail loads. Written
 * from the published algorithm: linear-light sRGB, cosine components, base-83.
 */
public final class Blurhash {
    private static final String DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private Blurhash() {}

    /** Encodes with {@code cx} x {@code cy} components (each 1-9). Meant for small images (a thumbnail of about 32 px). */
    public static String encode(BufferedImage image, int cx, int cy) {
        if (cx < 1 || cx > 9 || cy < 1 || cy > 9) throw new IllegalArgumentException("components must be 1-9");
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] linear = new float[w * h][];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                linear[y * w + x] =
                        new float[] {toLinear(rgb >> 16 & 0xFF), toLinear(rgb >> 8 & 0xFF), toLinear(rgb & 0xFF)};
            }
        }
        double[][] factors = new double[cx * cy][];
        for (int j = 0; j < cy; j++) {
            for (int i = 0; i < cx; i++) {
                double norm = (i == 0 && j == 0) ? 1 : 2;
                double r = 0, g = 0, b = 0;
                for (int y = 0; y < h; y++) {
                    double cosY = Math.cos(Math.PI * j * y / h);
                    for (int x = 0; x < w; x++) {
                        double basis = Math.cos(Math.PI * i * x / w) * cosY;
                        float[] p = linear[y * w + x];
                        r += basis * p[0];
                        g += basis * p[1];
                        b += basis * p[2];
                    }
                }
                double scale = norm / (w * h);
                factors[j * cx + i] = new double[] {r * scale, g * scale, b * scale};
            }
        }
        StringBuilder out = new StringBuilder();
        base83(out, (cx - 1) + (cy - 1) * 9, 1);
        double maxAc = 1;
        if (factors.length > 1) {
            double actual = 0;
            for (int k = 1; k < factors.length; k++) {
                for (double v : factors[k]) actual = Math.max(actual, Math.abs(v));
            }
            int quantized = (int) Math.max(0, Math.min(82, Math.floor(actual * 166 - 0.5)));
            maxAc = (quantized + 1) / 166.0;
            base83(out, quantized, 1);
        } else {
            base83(out, 0, 1);
        }
        double[] dc = factors[0];
        base83(out, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int k = 1; k < factors.length; k++) {
            double[] f = factors[k];
            int qr = quantAc(f[0] / maxAc);
            int qg = quantAc(f[1] / maxAc);
            int qb = quantAc(f[2] / maxAc);
            base83(out, qr * 19 * 19 + qg * 19 + qb, 2);
        }
        return out.toString();
    }

    private static int quantAc(double v) {
        return (int) Math.max(0, Math.min(18, Math.floor(Math.copySign(Math.pow(Math.abs(v), 0.5), v) * 9 + 9.5)));
    }

    private static float toLinear(int v) {
        double c = v / 255.0;
        return (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }

    private static int toSrgb(double v) {
        double c = Math.max(0, Math.min(1, v));
        return (int) Math.round((c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055) * 255);
    }

    private static void base83(StringBuilder out, int value, int length) {
        for (int i = 1; i <= length; i++) {
            int digit = (value / (int) Math.pow(83, length - i)) % 83;
            out.append(DIGITS.charAt(digit));
        }
    }
}
