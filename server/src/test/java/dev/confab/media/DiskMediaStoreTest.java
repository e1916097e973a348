package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskMediaStoreTest {
    @TempDir
    Path dir;

    private static String key(byte[] bytes) {
        return HexFormat.of().formatHex(StagedFile.newDigest().digest(bytes));
    }

    @Test
    void storesUnderTheContentKeyOnceAndReadsRanges() throws Exception {
        DiskMediaStore store = new DiskMediaStore(dir.resolve("media"));
        byte[] bytes = "0123456789".getBytes();
        String k = key(bytes);
        store.put(k, bytes.length, new ByteArrayInputStream(bytes));
        store.put(k, bytes.length, new ByteArrayInputStream(new byte[0])); // same key: the stream is not needed
        assertThat(store.exists(k)).isTrue();
        try (MediaStore.Blob whole = store.get(k, 0, -1).orElseThrow()) {
            assertThat(whole.length()).isEqualTo(10);
            assertThat(whole.in().readAllBytes()).isEqualTo(bytes);
        }
        try (MediaStore.Blob part = store.get(k, 3, 4).orElseThrow()) {
            assertThat(part.length()).isEqualTo(10);
            assertThat(new String(part.in().readAllBytes())).isEqualTo("3456");
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        store.delete(k);
        assertThat(store.get(k, 0, -1)).isEmpty();
        assertThat(store.exists(k)).isFalse();
    }

    @Test
    void aShortStreamLeavesNothingBehind() throws Exception {
        DiskMediaStore store = new DiskMediaStore(dir.resolve("media"));
        String k = key(new byte[] {1, 2, 3});
        try {
            store.put(k, 3, new ByteArrayInputStream(new byte[] {1, 2}));
        } catch (java.io.UncheckedIOException expected) {
            // the length did not match
        }
        assertThat(store.exists(k)).isFalse();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isZero();
        }
    }

    @Test
    void aKeyThatIsNotOneOfOursNeverBecomesAPath() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "do not serve");
        DiskMediaStore store = new DiskMediaStore(dir.resolve("media"));
        assertThat(store.get("../secret.txt", 0, -1)).isEmpty();
        assertThat(store.get("..", 0, -1)).isEmpty();
        assertThat(store.get(secret.toString(), 0, -1)).isEmpty();
        assertThat(store.exists("../secret.txt")).isFalse();
        store.delete("../secret.txt");
        assertThat(secret).exists();
    }
}
