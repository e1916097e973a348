package dev.confab.media;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The EXIF orientation (1-8) of a JPEG: how a camera says its pixels must be turned to be upright.
 * Only the segments before the image data are read, and only the one tag is looked at; anything
 * malformed means 1 (as stored).
 */
final class ExifOrientation {
    static final int NORMAL = 1;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int MAX_APP1 = 64 * 1024;

    private ExifOrientation() {}

    static int read(InputStream raw) {
        try {
            DataInputStream in = new DataInputStream(raw);
            if (in.readUnsignedShort() != 0xFFD8) return NORMAL;
            while (true) {
                int marker = in.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9)
                    return NORMAL; // image data starts: no EXIF
                int length = in.readUnsignedShort() - 2;
                if (length < 0) return NORMAL;
                if (marker == 0xFFE1 && length >= 14 && length <= MAX_APP1) {
                    byte[] seg = in.readNBytes(length);
                    if (seg.length == length
                            && seg[0] == 'E'
                            && seg[1] == 'x'
                            && seg[2] == 'i'
                            && seg[3] == 'f'
                            && seg[4] == 0
                            && seg[5] == 0) {
                        return fromTiff(seg, 6);
                    }
                } else {
                    in.skipNBytes(length);
                }
            }
        } catch (EOFException e) {
            return NORMAL;
        } catch (IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /** Reads tag 0x0112 from IFD0 of the TIFF structure starting at {@code base}. */
    private static int fromTiff(byte[] b, int base) {
        boolean little;
        if (b[base] == 'I' && b[base + 1] == 'I') little = true;
        else if (b[base] == 'M' && b[base + 1] == 'M') little = false;
        else return NORMAL;
        int ifd = base + (int) u32(b, base + 4, little);
        if (ifd < base || ifd + 2 > b.length) return NORMAL;
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + i * 12;
            if (e + 12 > b.length) return NORMAL;
            if (u16(b, e, little) == TAG_ORIENTATION) {
                int v = u16(b, e + 8, little); // type SHORT, count 1: the value sits in the entry itself
                return v >= 1 && v <= 8 ? v : NORMAL;
            }
        }
        return NORMAL;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return little ? x | y << 8 : x << 8 | y;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long lo = u16(b, at, little);
        long hi = u16(b, at + 2, little);
        return little ? lo | hi << 16 : lo << 16 | hi;
    }

    /** Whether the orientation swaps width and height (the 90 and 270 degree turns). */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }
}
