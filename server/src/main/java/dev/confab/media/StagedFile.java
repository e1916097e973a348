package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.ToLongFunction;

/**
 * An upload received into a temporary file: its SHA-256 (computed while the bytes went by, never
 * from a copy in memory), its length, and its first bytes for type detection. Closing removes the file.
 */
public final class StagedFile implements AutoCloseable {
    /** How many leading bytes type detection sees. */
    public static final int HEAD_BYTES = 4096;

    private static final int BUFFER = 64 * 1024;

    private final Path path;
    private final String sha256;
    private final long size;
    private final byte[] head;

    private StagedFile(Path path, String sha256, long size, byte[] head) {
        this.path = path;
        this.sha256 = sha256;
        this.size = size;
        this.head = head;
    }

    /**
     * Copies {@code in} into a new file in {@code dir}. Once the first {@link #HEAD_BYTES} have
     * arrived, {@code limitFor} says how many bytes this upload may have in all (it may refuse by
     * throwing); one more than that ends the copy with {@code too_large}, so an oversized upload
     * costs at most its limit in disk and nothing in memory.
     */
    public static StagedFile receive(InputStream in, Path dir, ToLongFunction<byte[]> limitFor) {
        Path file;
        try {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an upload", e);
        }
        try {
            MessageDigest sha = newDigest();
            byte[] buf = new byte[BUFFER];
            long size;
            byte[] head;
            try (OutputStream out = Files.newOutputStream(file)) {
                int headLen = in.readNBytes(buf, 0, HEAD_BYTES);
                head = Arrays.copyOf(buf, headLen);
                long limit = limitFor.applyAsLong(head);
                if (headLen > limit) throw tooLarge(limit);
                sha.update(buf, 0, headLen);
                out.write(buf, 0, headLen);
                size = headLen;
                for (int n; (n = in.read(buf)) > 0; ) {
                    size += n;
                    if (size > limit) throw tooLarge(limit);
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return new StagedFile(file, HexFormat.of().formatHex(sha.digest()), size, head);
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("cannot receive the upload", e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** Stages bytes already in memory (small ones: re-encoded thumbnails). */
    public static StagedFile of(byte[] bytes, Path dir) {
        return receive(new java.io.ByteArrayInputStream(bytes), dir, head -> bytes.length);
    }

    private static ConfabException tooLarge(long limit) {
        return new ConfabException(ErrorCode.TOO_LARGE, "This upload may be at most " + limit + " bytes.");
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return path;
    }

    public String sha256() {
        return sha256;
    }

    public long size() {
        return size;
    }

    public byte[] head() {
        return head.clone();
    }

    public InputStream open() {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a staged upload", e);
        }
    }

    @Override
    public void close() {
        delete(path);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the staging directory is emptied at start; a leftover costs disk, not correctness
        }
    }
}
