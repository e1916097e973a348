package dev.confab.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.app.ConfabServer;
import dev.confab.app.Config;
import dev.confab.client.ConfabClient;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Backup and restore of the embedded store while the server runs, and moving a whole installation
 * from SQLite to PostgreSQL: the same client, with the same token, sees the same state afterwards.
 */
class BackupAndMoveEndToEndTest {

    @Test
    void anOnlineBackupHoldsEveryMessageAcknowledgedBeforeItStartedAndRestoresIntoANewFolder() throws Exception {
        Path backup = Files.createTempDirectory("confab-backup").resolve("b1");
        Path restored = Files.createTempDirectory("confab-restored").resolve("data");
        try (TestServer server = TestServer.start(StoreKind.SQLITE)) {
            ConfabClient alice = server.newUser("Alice");
            ConfabClient bob = server.newUser("Bob");
            alice.uploadAvatar(TestImages.png(64, 64), "image/png");
            Room room = alice.directRoom(bob.user().id());

            ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++)
                    acked.add(alice.postMessage(room.id(), "m-" + i, "message " + i)
                            .message()
                            .seq());
            });
            while (acked.size() < 30) Thread.sleep(5);
            List<Long> before = new ArrayList<>(acked);
            Result b = admin(server, "backup", backup.toString());
            assertThat(b.exit).as(b.err).isZero();
            while (acked.size() < before.size() + 20) Thread.sleep(5);
            stop.set(true);
            writer.join();

            assertThat(admin(server, "restore", backup.toString(), restored.toString()).exit)
                    .isZero();
            assertThat(admin(server, "backup", backup.toString()).exit)
                    .as("a backup never overwrites")
                    .isEqualTo(1);
            ConfabServer again = start(Map.of(
                    "store.url",
                    "jdbc:sqlite:" + restored.resolve("confab.db"),
                    "media.dir",
                    restored.resolve("media").toString()));
            try {
                ConfabClient sameBob = ConfabClient.withToken(base(again), bob.token());
                List<Long> seqs = sameBob.history(room.id(), null, 0L, 100).messages().stream()
                        .map(Message::seq)
                        .toList();
                assertThat(seqs).containsAll(before);
                // Gapless: whatever the snapshot caught after the acknowledged ones is a prefix, not a scatter.
                for (int i = 1; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
                assertThat(sameBob.avatar(alice.user().id()).status()).isEqualTo(200);
            } finally {
                again.close();
            }
        }
    }

    @Test
    void aWholeInstallationMovesFromSqliteToPostgresAndTheSameClientSeesTheSameState() throws Exception {
        try (TestServer server = TestServer.start(StoreKind.SQLITE);
                StoreKind.TestStore pg = StoreKind.POSTGRES.create()) {
            ConfabClient alice = server.newUser("Alice");
            ConfabClient bob = server.newUser("Bob");
            ConfabClient carol = server.newUser("Carol");
            alice.uploadAvatar(TestImages.png(32, 32), "image/png");
            alice.updateProfile("Alice A.", "moving house");
            alice.updatePrivacy("everyone", "contacts", "nobody");
            carol.block(alice.user().id());
            Room group = alice.createGroup(
                    "Movers", "boxes", List.of(bob.user().id(), carol.user().id()));
            for (int i = 0; i < 12; i++) (i % 2 == 0 ? alice : bob).postMessage(group.id(), "c-" + i, "box " + i);
            bob.markRead(group.id(), 6);
            alice.pin(group.id(), 3);
            var invite = alice.createInvite(group.id(), 3600L, 5);
            Room direct = alice.directRoom(bob.user().id());
            alice.postMessage(direct.id(), "d-1", "hello bob");

            var chats = bob.chatList(50);
            var history = bob.history(group.id(), null, 0L, 100);
            var details = bob.room(group.id());
            var unread = bob.unread();
            var profile = bob.profile(alice.user().id());
            var sessions = alice.sessions();
            server.server().close();

            Result copied = run(List.of(
                    "copy",
                    "--store.url=" + server.store().url(),
                    "--to.url=" + pg.url(),
                    "--to.user=" + pg.user(),
                    "--auth.bcryptCost=4"));
            assertThat(copied.exit).as(copied.err).isZero();
            assertThat(copied.out).contains("\"messages\"");

            ConfabServer moved = start(Map.of(
                    "store.url",
                    pg.url(),
                    "store.user",
                    pg.user(),
                    "media.dir",
                    server.mediaDir().toString()));
            try {
                ConfabClient bob2 = ConfabClient.withToken(base(moved), bob.token());
                ConfabClient alice2 = ConfabClient.withToken(base(moved), alice.token());
                assertThat(bob2.chatList(50)).isEqualTo(chats);
                assertThat(bob2.history(group.id(), null, 0L, 100)).isEqualTo(history);
                assertThat(bob2.room(group.id())).isEqualTo(details);
                assertThat(bob2.unread()).isEqualTo(unread);
                assertThat(bob2.profile(alice.user().id()))
                        .usingRecursiveComparison()
                        .ignoringFields("online", "lastSeenAt")
                        .isEqualTo(profile);
                assertThat(alice2.sessions()).isEqualTo(sessions);
                assertThat(bob2.avatar(alice.user().id()).status()).isEqualTo(200);
                assertThat(alice2.invites(group.id()))
                        .anySatisfy(i -> assertThat(i.code()).isEqualTo(invite.code()));

                // Ids keep counting past the copied rows: new messages, users and rooms do not collide.
                var next = bob2.postMessage(group.id(), "after-move", "unpacked");
                assertThat(next.message().seq())
                        .isEqualTo(history.messages().getLast().seq() + 1);
                assertThat(next.message().id())
                        .isGreaterThan(history.messages().getLast().id());
                ConfabClient dan = ConfabClient.signup(base(moved), "dan-after-move", "password-dan", "Dan", "phone");
                assertThat(dan.user().id()).isGreaterThan(carol.user().id());
                assertThat(alice2.createGroup("New", "", List.of(dan.user().id()))
                                .id())
                        .isGreaterThan(direct.id());
                // The copied store counts as the original did, plus the user signed up since.
                assertThat(run(List.of("stats", "--store.url=" + pg.url(), "--store.user=" + pg.user())).out)
                        .contains("\"users\" : 4");
            } finally {
                moved.close();
            }
        }
    }

    private static ConfabServer start(Map<String, String> store) {
        Map<String, String> s = new HashMap<>(store);
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("auth.bcryptCost", "4");
        s.put("shutdown.graceMillis", "500");
        return ConfabServer.start(Config.fromMap(s));
    }

    private static URI base(ConfabServer s) {
        return URI.create("http://127.0.0.1:" + s.port());
    }

    private static Result admin(TestServer server, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.add("--store.url=" + server.store().url());
        args.add("--media.dir=" + server.mediaDir());
        return run(args);
    }

    private static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = AdminCommand.run(
                args.toArray(String[]::new),
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {}
}
