package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads an uploaded image from its file and makes what a message shows before the image loads:
 * upright dimensions, a re-encoded thumbnail (a new file, so no metadata of the original survives)
 * and a BlurHash placeholder. The header is read first: an image above the pixel limit is refused
 * before a single pixel is decoded, and big images are decoded subsampled, so memory stays near
 * the thumbnail's size whatever the upload claims.
 */
public final class ImageProcessor {
    private static final int PLACEHOLDER_SIDE = 32;

    private final long maxPixels;
    private final int thumbnailSide;

    public ImageProcessor(long maxPixels, int thumbnailSide) {
        this.maxPixels = maxPixels;
        this.thumbnailSide = thumbnailSide;
    }

    /** What the header says: stored size (before orientation) and the EXIF orientation. */
    public record Header(int width, int height, int orientation) {
        /** Width as shown, after the orientation is applied. */
        public int shownWidth() {
            return ExifOrientation.swapsSides(orientation) ? height : width;
        }

        public int shownHeight() {
            return ExifOrientation.swapsSides(orientation) ? width : height;
        }
    }

    /** {@code width}/{@code height} as shown (upright); the thumbnail is a JPEG, or a PNG when the image has transparency. */
    public record Processed(int width, int height, byte[] thumbnail, String thumbnailType, String placeholder) {}

    /**
     * Reads only the header: the size the image claims and its orientation. Refuses an image above
     * the pixel limit ({@code too_large}) and one whose header does not parse ({@code invalid_image}).
     */
    public Header header(Path file, String mediaType) {
        ImageReader reader = reader(mediaType);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w < 1 || h < 1) throw invalid(mediaType);
            if ((long) w * h > maxPixels) {
                throw new ConfabException(
                        ErrorCode.TOO_LARGE,
                        "Images may have at most " + maxPixels + " pixels; this one is " + w + "x" + h + ".");
            }
            return new Header(w, h, "image/jpeg".equals(mediaType) ? orientation(file) : ExifOrientation.NORMAL);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfabException c) throw c;
            throw invalid(mediaType);
        } finally {
            reader.dispose();
        }
    }

    /** Decodes (subsampled) and makes the thumbnail and placeholder; refuses an image that does not decode. */
    public Processed process(Path file, String mediaType) {
        Header header = header(file, mediaType);
        BufferedImage decoded = decode(file, mediaType, header);
        BufferedImage thumb = upright(scaled(decoded, thumbnailSide), header.orientation());
        boolean alpha = thumb.getColorModel().hasAlpha();
        byte[] bytes = alpha ? png(thumb) : jpeg(thumb);
        String placeholder = Blurhash.encode(
                scaled(thumb, PLACEHOLDER_SIDE),
                thumb.getWidth() >= thumb.getHeight() ? 4 : 3,
                thumb.getWidth() >= thumb.getHeight() ? 3 : 4);
        return new Processed(
                header.shownWidth(), header.shownHeight(), bytes, alpha ? "image/png" : "image/jpeg", placeholder);
    }

    private BufferedImage decode(Path file, String mediaType, Header header) {
        ImageReader reader = reader(mediaType);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            // Decode at about twice the thumbnail's size: enough to scale down smoothly, and a
            // 7000x7000 photo costs some 700x700 pixels of memory instead of 49 million.
            int step = Math.max(1, Math.max(header.width(), header.height()) / (2 * thumbnailSide));
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            if (image == null) throw invalid(mediaType);
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfabException c) throw c;
            throw invalid(mediaType);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(String mediaType) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mediaType);
        if (!readers.hasNext())
            throw new ConfabException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Images of type " + mediaType + " cannot be read.");
        return readers.next();
    }

    private static int orientation(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ExifOrientation.read(in);
        } catch (IOException e) {
            return ExifOrientation.NORMAL;
        }
    }

    /** Scaled to fit {@code side} (never enlarged), as RGB or ARGB: decoded images come in many layouts. */
    static BufferedImage scaled(BufferedImage src, int side) {
        double f = Math.min(1.0, (double) side / Math.max(src.getWidth(), src.getHeight()));
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        boolean alpha = src.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Applies an EXIF orientation (1-8), so the thumbnail is upright. */
    static BufferedImage upright(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) return src;
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = ExifOrientation.swapsSides(orientation);
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> {
                t.translate(w, 0);
                t.scale(-1, 1);
            }
            case 3 -> {
                t.translate(w, h);
                t.rotate(Math.PI);
            }
            case 4 -> {
                t.translate(0, h);
                t.scale(1, -1);
            }
            case 5 -> {
                t.rotate(-Math.PI / 2);
                t.scale(-1, 1);
            }
            case 6 -> {
                t.translate(h, 0);
                t.rotate(Math.PI / 2);
            }
            case 7 -> {
                t.translate(h, w);
                t.rotate(Math.PI / 2);
                t.scale(-1, 1);
            }
            case 8 -> {
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            default -> {}
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, src.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a thumbnail", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a thumbnail", e);
        }
        return bytes.toByteArray();
    }

    private static ConfabException invalid(String mediaType) {
        return new ConfabException(ErrorCode.INVALID_IMAGE, "The image cannot be decoded as " + mediaType + ".");
    }
}
