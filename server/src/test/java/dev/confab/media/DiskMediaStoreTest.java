package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskMediaStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesUnderRandomKeysAndDeletes() {
        DiskMediaStore store = new DiskMediaStore(dir.resolve("media"));
        String a = store.put(new byte[] {1, 2, 3});
        String b = store.put(new byte[] {1, 2, 3});
        assertThat(a).matches("[0-9a-f]{32}").isNotEqualTo(b);
        assertThat(store.get(a)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3));
        store.delete(a);
        assertThat(store.get(a)).isEmpty();
        assertThat(store.get(b)).isPresent();
    }

    @Test
    void aKeyThatIsNotOneOfOursNeverBecomesAPath() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "do not serve");
        DiskMediaStore store = new DiskMediaStore(dir.resolve("media"));
        assertThat(store.get("../secret.txt")).isEmpty();
        assertThat(store.get("..")).isEmpty();
        assertThat(store.get(secret.toString())).isEmpty();
        store.delete("../secret.txt");
        assertThat(secret).exists();
    }
}
