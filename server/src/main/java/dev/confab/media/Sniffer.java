package dev.confab.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The media type of an upload from its first bytes (magic numbers), never from what the client
 * claims. Types it does not know are {@code application/octet-stream}. Markup is recognized only to
 * be named for what it is ({@code text/html}, {@code image/svg+xml}): both can run script in a
 * browser, so neither is ever an image here nor served inline.
 */
public final class Sniffer {
    public static final String OCTET_STREAM = "application/octet-stream";

    private Sniffer() {}

    public static String detect(byte[] b) {
        if (at(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (at(b, 0, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (at(b, 0, 'G', 'I', 'F', '8', '7', 'a') || at(b, 0, 'G', 'I', 'F', '8', '9', 'a')) return "image/gif";
        if (at(b, 0, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'E', 'B', 'P')) return "image/webp";
        if (at(b, 0, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'A', 'V', 'E')) return "audio/wav";
        if (at(b, 0, 'B', 'M') && b.length >= 26 && at(b, 6, 0, 0, 0, 0)) return "image/bmp";
        if (at(b, 4, 'f', 't', 'y', 'p')) return isoMedia(b);
        if (at(b, 0, 0x1A, 0x45, 0xDF, 0xA3)) return "video/webm";
        if (at(b, 0, 'O', 'g', 'g', 'S')) return "audio/ogg";
        if (at(b, 0, 'f', 'L', 'a', 'C')) return "audio/flac";
        if (at(b, 0, 'I', 'D', '3') || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE6) == 0xE2))
            return "audio/mpeg";
        if (at(b, 0, '%', 'P', 'D', 'F', '-')) return "application/pdf";
        if (at(b, 0, 'P', 'K', 3, 4)) return "application/zip";
        if (at(b, 0, 0x1F, 0x8B)) return "application/gzip";
        String markup = markup(b);
        if (markup != null) return markup;
        return OCTET_STREAM;
    }

    /** ISO base media files (MP4, QuickTime, M4A, 3GP) name their brand right after {@code ftyp}. */
    private static String isoMedia(byte[] b) {
        if (b.length < 12) return OCTET_STREAM;
        String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
        return switch (brand) {
            case "qt  " -> "video/quicktime";
            case "M4A ", "M4B " -> "audio/mp4";
            case "3gp4", "3gp5", "3gp6", "3g2a" -> "video/3gpp";
            case "heic", "heix", "mif1", "avif" -> OCTET_STREAM; // still images we cannot decode: plain files
            default -> "video/mp4";
        };
    }

    /** HTML or SVG, looked for past a byte-order mark and leading white space, as browsers sniff. */
    private static String markup(byte[] b) {
        String start = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.ISO_8859_1)
                .replace("\u00EF\u00BB\u00BF", "")
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        if (!start.startsWith("<")) return null;
        // Anything that starts like markup is treated as HTML: a browser would render it as such.
        return start.contains("<svg") ? "image/svg+xml" : "text/html";
    }

    static boolean at(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) return false;
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) return false;
        }
        return true;
    }
}
