package dev.confab.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Media as files under one directory: {@code dir/ab/abcdef...}, where the key is 128 random bits in
 * hex. Keys are checked against that shape before they become a path, so even a corrupted database
 * row cannot make the store read or delete outside its directory.
 */
public final class DiskMediaStore implements MediaStore {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

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
    public String put(byte[] bytes) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            // Write aside, then move into place: a reader never sees half a file.
            Path tmp = Files.createTempFile(target.getParent(), key, ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store media", e);
        }
        return key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        if (!valid(key)) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read media", e);
        }
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

    private Path path(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key);
    }
}
