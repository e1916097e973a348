package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks an uploaded image: its type from its first bytes, its size in pixels from its header, and
 * (for the formats the JDK reads) that it really decodes. Refusals carry stable codes:
 * UNSUPPORTED_MEDIA_TYPE, TOO_LARGE (more than {@link #MAX_SIDE} pixels a side), INVALID_IMAGE.
 */
public final class ImageInspector {
    public static final int MAX_SIDE = 4096;
    /** Decoding for validation is done at about this many pixels a side, whatever the image's size. */
    private static final int CHECK_SIDE = 256;

    private ImageInspector() {}

    public record Inspected(ImageType type, int width, int height) {}

    public static Inspected inspect(byte[] bytes) {
        return inspect(bytes, (long) MAX_SIDE * MAX_SIDE);
    }

    /** Also refuses (TOO_LARGE) more than {@code maxPixels} pixels in all, read from the header before any decoding. */
    public static Inspected inspect(byte[] bytes, long maxPixels) {
        ImageType type = ImageType.sniff(bytes);
        if (type == null) throw new ConfabException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        Inspected found = type == ImageType.WEBP ? webp(bytes) : decode(type, bytes, maxPixels);
        if (found.width() < 1 || found.height() < 1) throw new ConfabException(ErrorCode.INVALID_IMAGE);
        if (found.width() > MAX_SIDE || found.height() > MAX_SIDE) {
            throw new ConfabException(ErrorCode.TOO_LARGE, "Images may be at most " + MAX_SIDE + " pixels a side; this one is "
                    + found.width() + "x" + found.height() + ".");
        }
        if (tooManyPixels(found.width(), found.height(), maxPixels)) {
            throw new ConfabException(ErrorCode.TOO_LARGE, "Images may have at most " + maxPixels + " pixels; this one is "
                    + found.width() + "x" + found.height() + ".");
        }
        return found;
    }

    private static boolean tooManyPixels(int width, int height, long maxPixels) {
        return (long) width * height > maxPixels;
    }

    private static Inspected decode(ImageType type, byte[] bytes, long maxPixels) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat);
        if (!readers.hasNext()) throw new IllegalStateException("no image reader for " + type);
        ImageReader reader = readers.next();
        // In memory: ImageIO's default stream may spill to temporary files.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            // The header is checked before any pixel is decoded: a small file can claim a huge canvas.
            if (width > MAX_SIDE || height > MAX_SIDE || tooManyPixels(width, height, maxPixels)) return new Inspected(type, width, height);
            // Decoding walks the whole stream (so corrupt data fails) but subsampling keeps the
            // raster small: a 4096x4096 image costs about 256x256 pixels of memory here.
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(width, height) / CHECK_SIDE);
            param.setSourceSubsampling(step, step, 0, 0);
            reader.read(0, param);
            return new Inspected(type, width, height);
        } catch (IOException | RuntimeException e) {
            throw new ConfabException(ErrorCode.INVALID_IMAGE, "The image cannot be decoded as " + type.name() + ".");
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK has no WebP reader, so only the canvas size is read from the first chunk (simple lossy
     * "VP8 ", lossless "VP8L", or extended "VP8X"); pixel data is not validated.
     */
    private static Inspected webp(byte[] b) {
        if (b.length >= 30 && ImageType.startsWith(b, 12, 'V', 'P', '8', 'X')) {
            return new Inspected(ImageType.WEBP, 1 + u24(b, 24), 1 + u24(b, 27));
        }
        if (b.length >= 25 && ImageType.startsWith(b, 12, 'V', 'P', '8', 'L') && (b[20] & 0xFF) == 0x2F) {
            int bits = u24(b, 21) | (b[24] & 0xFF) << 24;
            return new Inspected(ImageType.WEBP, 1 + (bits & 0x3FFF), 1 + ((bits >>> 14) & 0x3FFF));
        }
        if (b.length >= 30 && ImageType.startsWith(b, 12, 'V', 'P', '8', ' ') && ImageType.startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
            return new Inspected(ImageType.WEBP, u16(b, 26) & 0x3FFF, u16(b, 28) & 0x3FFF);
        }
        throw new ConfabException(ErrorCode.INVALID_IMAGE, "The WebP header cannot be read.");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int u24(byte[] b, int at) {
        return u16(b, at) | (b[at + 2] & 0xFF) << 16;
    }
}
