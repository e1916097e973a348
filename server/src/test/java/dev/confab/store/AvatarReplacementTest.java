package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.limit.RateLimiter;
import dev.confab.limit.RateRule;
import dev.confab.media.DiskMediaStore;
import dev.confab.media.ImageWorkers;
import dev.confab.media.Media;
import dev.confab.media.Uploads;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replacing an avatar reads the old one and releases its blobs; many uploads of the same image at
 * once must not release one old avatar twice (the reference count would drop below the rows that
 * still use the blob, and the current avatar's file would be deleted), nor leave extra rows behind.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AvatarReplacementTest {
    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    @Test
    void concurrentUploadsLeaveExactlyTheCurrentAvatarAndItsBytes() throws Exception {
        try (StoreKind.TestStore testStore = kind.create();
                Database db = Database.open(testStore.url(), testStore.user(), "", 16);
                ImageWorkers workers = new ImageWorkers(2, 128, nanos -> {});
                ExecutorService uploaders = Executors.newFixedThreadPool(8)) {
            long alice = new SqlAccountStore(db)
                    .createUser("alice", "Alice", "hash", java.time.Instant.now())
                    .orElseThrow()
                    .id();
            DiskMediaStore blobs = new DiskMediaStore(dir.resolve("media"));
            SqlMediaCatalog catalog = new SqlMediaCatalog(db);
            Uploads uploads = new Uploads(
                    catalog,
                    blobs,
                    dev.confab.app.Config.fromMap(java.util.Map.of()).mediaPolicy(),
                    workers,
                    new RateLimiter("uploads", RateRule.parse("1000/1s")),
                    dir.resolve("staging"),
                    Clock.systemUTC());
            byte[] image = TestImages.png(8, 8);

            CountDownLatch start = new CountDownLatch(1);
            List<Future<Media>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                done.add(uploaders.submit(() -> {
                    start.await();
                    return uploads.avatar(alice, new ByteArrayInputStream(image), image.length, 1 << 20, 4096, 1 << 22);
                }));
            }
            start.countDown();
            for (Future<Media> f : done) f.get(120, TimeUnit.SECONDS);

            List<String> rows = testStore.column("SELECT id FROM media");
            assertThat(rows).as("only the current avatar's row is left").hasSize(1);
            assertThat(testStore.column("SELECT avatar_media_id FROM users WHERE id = " + alice))
                    .containsExactly(rows.getFirst());
            Media current = catalog.find(Long.parseLong(rows.getFirst())).orElseThrow();
            assertThat(blobs.exists(current.blobKey())).as("the avatar's bytes").isTrue();
            assertThat(blobs.exists(current.thumbKey())).as("its thumbnail").isTrue();
            // One reference per use: the image and its thumbnail (the same blob when re-encoding gave the same bytes).
            java.util.Map<String, Long> uses = new java.util.TreeMap<>();
            uses.merge(current.blobKey(), 1L, Long::sum);
            uses.merge(current.thumbKey(), 1L, Long::sum);
            assertThat(testStore.column("SELECT sha256 || ':' || refs FROM blobs ORDER BY sha256"))
                    .containsExactlyElementsOf(uses.entrySet().stream()
                            .map(e -> e.getKey() + ":" + e.getValue())
                            .toList());
        }
    }
}
