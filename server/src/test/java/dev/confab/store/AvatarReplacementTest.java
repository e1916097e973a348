package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.account.Accounts;
import dev.confab.account.PasswordHasher;
import dev.confab.account.Principal;
import dev.confab.account.Profiles;
import dev.confab.account.User;
import dev.confab.account.LoginThrottle;
import dev.confab.app.Config;
import dev.confab.limit.RateLimiter;
import dev.confab.limit.RateRule;
import dev.confab.media.DiskMediaStore;
import dev.confab.media.ImageChecks;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replacing an avatar reads the old key and writes the new one; two uploads at once must not both
 * read the same old key (the file of the one that lost would stay on disk, pointed to by nothing).
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AvatarReplacementTest {
    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    @Test
    void concurrentUploadsLeaveExactlyTheCurrentAvatarOnDisk() throws Exception {
        Path mediaDir = dir.resolve("media");
        try (StoreKind.TestStore testStore = kind.create();
             Database db = Database.open(testStore.url(), testStore.user(), "", 16);
             ExecutorService uploaders = Executors.newFixedThreadPool(8)) {
            SqlAccountStore accountStore = new SqlAccountStore(db);
            User alice = accountStore.createUser("alice", "Alice", "hash", Instant.now()).orElseThrow();
            SqlProfileStore profileStore = new SqlProfileStore(db);
            Accounts accounts = new Accounts(accountStore, new PasswordHasher(4, 1, 4), Clock.systemUTC(), Duration.ofDays(1),
                    new Accounts.Guard(new LoginThrottle(Config.fromMap(Map.of()).loginThrottle()), new RateLimiter("sign-ups", RateRule.parse("1000/1s")),
                            (action, outcome) -> { }));
            Profiles profiles = new Profiles(profileStore, accounts, new DiskMediaStore(mediaDir), 1 << 20, id -> false,
                    new ImageChecks(1 << 20, 2, 128), new RateLimiter("avatar uploads", RateRule.parse("1000/1s")));
            Principal who = new Principal(alice, 1, Instant.now().plus(Duration.ofDays(1)));
            byte[] image = TestImages.png(8, 8);

            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                uploads.add(uploaders.submit(() -> {
                    start.await();
                    return profiles.setAvatar(who, () -> image);
                }));
            }
            start.countDown();
            for (Future<?> f : uploads) f.get(60, TimeUnit.SECONDS);

            String current = profileStore.avatar(alice.id()).orElseThrow().key();
            assertThat(filesUnder(mediaDir)).as("only the current avatar's file is left").hasSize(1)
                    .allSatisfy(file -> assertThat(file.getFileName().toString()).startsWith(current));
        }
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
