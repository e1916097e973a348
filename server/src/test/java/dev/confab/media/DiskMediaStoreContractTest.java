package dev.confab.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DiskMediaStoreContractTest extends MediaStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MediaStore store() {
        return new DiskMediaStore(dir.resolve("media"));
    }

    @Override
    protected long storedBlobs() {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
