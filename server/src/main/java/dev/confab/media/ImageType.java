package dev.confab.media;

/** The image formats accepted for upload, recognized by their first bytes. */
public enum ImageType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", null);

    private final String mediaType;
    /** The javax.imageio format name; null where the JDK has no reader. */
    final String imageIoFormat;

    ImageType(String mediaType, String imageIoFormat) {
        this.mediaType = mediaType;
        this.imageIoFormat = imageIoFormat;
    }

    public String mediaType() { return mediaType; }

    /** The type the bytes start like, or null. What the client claims (Content-Type, file name) plays no part. */
    public static ImageType sniff(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) return JPEG;
        if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) return GIF;
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) return WEBP;
        return null;
    }

    public static ImageType fromMediaType(String mediaType) {
        for (ImageType t : values()) {
            if (t.mediaType.equals(mediaType)) return t;
        }
        throw new IllegalArgumentException("not an accepted image type: " + mediaType);
    }

    static boolean startsWith(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) return false;
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) return false;
        }
        return true;
    }
}
