package dev.confab.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as files under one directory: {@code dir/ab/abcdef...}. Keys are checked against their
 * shape (64 hex digits, a SHA-256; or 32, the random keys of avatars stored before blobs were
 * content-addressed) before they become a path, so even a corrupted database row cannot make the
 * store read or delete outside its directory.
 */
public final class DiskMediaStore implements MediaStore {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{32}");

    private final Path dir;

    public DiskMediaStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the media directory " + this.dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, long length, InputStream in) {
        Path target = path(checked(key));
        if (Files.exists(target)) return;
        try {
            Files.createDirectories(target.getParent());
            // Write aside, then move into place: a reader never sees half a file.
            Path tmp = Files.createTempFile(target.getParent(), key, ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                    long copied = in.transferTo(out);
                    if (copied != length) throw new IOException("expected " + length + " bytes, got " + copied);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } catch (FileAlreadyExistsException e) {
                // another upload of the same bytes won the race; its file is ours too
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store media", e);
        }
    }

    @Override
    public Optional<Blob> get(String key, long offset, long count) {
        if (!valid(key)) return Optional.empty();
        try {
            FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ);
            try {
                long size = ch.size();
                ch.position(Math.min(offset, size));
                InputStream in = Channels.newInputStream(ch);
                long n = count < 0 ? size - Math.min(offset, size) : count;
                return Optional.of(new Blob(size, new BoundedInputStream(in, n)));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read media", e);
        }
    }

    @Override
    public boolean exists(String key) {
        return valid(key) && Files.isRegularFile(path(key));
    }

    @Override
    public void delete(String key) {
        if (!valid(key)) return;
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete media", e);
        }
    }

    private static boolean valid(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    private static String checked(String key) {
        if (!valid(key)) throw new IllegalArgumentException("not a blob key: " + key);
        return key;
    }

    private Path path(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key);
    }
}
