package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.BinaryResponse;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Profile;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Profiles, avatars and per-field privacy through a real server, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ProfilesEndToEndTest {
    @Parameter
    StoreKind kind;

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(kind, Map.of("limits.avatarBytes", "200000"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aboutIsCheckedAndShown() {
        ConfabClient alice = server.newUser("Alice");
        Profile p = alice.updateProfile(null, "  line one\nline two  ");
        assertThat(p.about()).isEqualTo("line one\nline two");
        assertThat(p.displayName()).isEqualTo("Alice");
        assertThat(alice.updateProfile("Alice A.", null).about()).isEqualTo("line one\nline two");
        assertThat(alice.updateProfile(null, "é".repeat(300)).about()).hasSize(300);

        refused(() -> alice.updateProfile(null, "x".repeat(301)), 400, "invalid_field");
        refused(() -> alice.updateProfile(null, "bell\u0007"), 400, "invalid_field");
        refused(() -> alice.updateProfile(null, "tab\there"), 400, "invalid_field");
        assertThat(alice.raw("PATCH", "/api/v1/me", "{}").status()).isEqualTo(400);
        assertThat(alice.myProfile().about()).isEqualTo("é".repeat(300));
        assertThat(alice.myProfile().displayName()).isEqualTo("Alice A.");
    }

    @Test
    void avatarTypeComesFromTheBytesNotTheClaimAndIsServedSafely() {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        byte[] png = TestImages.png(64, 48);

        Profile p = alice.uploadAvatar(png, "text/html");
        assertThat(p.hasAvatar()).isTrue();
        assertThat(p.avatarUrl()).isEqualTo("/api/v1/users/" + alice.user().id() + "/avatar");

        BinaryResponse served = bob.avatar(alice.user().id());
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.header("Content-Type")).isEqualTo("image/png");
        assertThat(served.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(served.header("Cache-Control")).startsWith("private");

        alice.uploadAvatar(TestImages.jpeg(32, 32), "image/png");
        assertThat(bob.avatar(alice.user().id()).header("Content-Type")).isEqualTo("image/jpeg");
        alice.uploadAvatar(TestImages.gif(16, 16), null);
        assertThat(bob.avatar(alice.user().id()).header("Content-Type")).isEqualTo("image/gif");
        alice.uploadAvatar(TestImages.webp(), "image/png");
        assertThat(bob.avatar(alice.user().id()).header("Content-Type")).isEqualTo("image/webp");
        assertThat(mediaFiles())
                .as("a replaced avatar's bytes (and thumbnail) are deleted")
                .hasSize(2);

        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        refused(() -> alice.uploadAvatar(html, "image/png"), 415, "unsupported_media_type");
        byte[] garbage = Arrays.copyOf(png, 40);
        Arrays.fill(garbage, 8, 40, (byte) 7);
        refused(() -> alice.uploadAvatar(garbage, "image/png"), 400, "invalid_image");
        refused(() -> alice.uploadAvatar(TestImages.png(5000, 4), "image/png"), 413, "too_large");
        byte[] big = Arrays.copyOf(png, 200_001);
        refused(() -> alice.uploadAvatar(big, "image/png"), 413, "too_large");
        assertThat(bob.avatar(alice.user().id()).header("Content-Type"))
                .as("refusals leave the avatar alone")
                .isEqualTo("image/webp");

        Profile cleared = alice.deleteAvatar();
        assertThat(cleared.hasAvatar()).isFalse();
        assertThat(cleared.avatarUrl()).isNull();
        BinaryResponse gone = bob.avatar(alice.user().id());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("\"not_found\"");
        assertThat(mediaFiles()).isEmpty();
        assertThat(bob.avatar(999_999).status()).isEqualTo(404);
    }

    @Test
    void readersOfTheSameChannelAreNotContacts() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient owner = server.newUser("Owner");
        owner.createRoom(
                "news",
                "channel",
                "public",
                "all",
                List.of(alice.user().id(), bob.user().id()));
        alice.updateProfile(null, "about alice");
        alice.updatePrivacy(null, "contacts", null);
        assertThat(bob.profile(alice.user().id()).about())
                .as("a channel does not make contacts")
                .isNull();
        bob.createGroup("alice and bob", null, List.of(alice.user().id()));
        assertThat(bob.profile(alice.user().id()).about()).as("a group does").isEqualTo("about alice");
    }

    @Test
    void eachFieldIsShownOnlyToItsAudienceOnEveryPath() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient eve = server.newUser("Eve");
        bob.directRoom(alice.user().id()); // Bob shares a room with Alice; Eve shares none
        alice.updateProfile(null, "hello from Alice");
        alice.uploadAvatar(TestImages.png(10, 10), "image/png");
        long a = alice.user().id();

        try (ChatSocket online = alice.connect(new SocketRecorder())) {
            online.hello().get(5, TimeUnit.SECONDS);
            assertThat(await(Duration.ofSeconds(5), () -> eve.profile(a).lastSeenAt() != null))
                    .isTrue();

            // everyone (the default): even a stranger sees it all
            Profile toEve = eve.profile(a);
            assertThat(toEve.about()).isEqualTo("hello from Alice");
            assertThat(toEve.hasAvatar()).isTrue();
            assertThat(toEve.online()).isTrue();

            alice.updatePrivacy("contacts", "contacts", "contacts");
            toEve = eve.profile(a);
            assertThat(toEve.about()).isNull();
            assertThat(toEve.hasAvatar()).isNull();
            assertThat(toEve.avatarUrl()).isNull();
            assertThat(toEve.lastSeenAt()).isNull();
            assertThat(toEve.online()).isNull();
            assertThat(toEve.displayName()).isEqualTo("Alice");
            assertThat(eve.avatar(a).status()).isEqualTo(404);
            Profile found = eve.findProfiles(alice.user().username(), 5).getFirst();
            assertThat(found.id()).isEqualTo(a);
            assertThat(found.about()).isNull();
            assertThat(found.lastSeenAt()).isNull();

            Profile toBob = bob.profile(a);
            assertThat(toBob.about()).isEqualTo("hello from Alice");
            assertThat(toBob.hasAvatar()).isTrue();
            assertThat(toBob.lastSeenAt()).isNotNull();
            assertThat(toBob.online()).isTrue();
            assertThat(bob.avatar(a).status()).isEqualTo(200);
            assertThat(bob.findProfiles(alice.user().username(), 5).getFirst().lastSeenAt())
                    .isNotNull();

            assertThat(alice.updatePrivacy(null, "nobody", null))
                    .isEqualTo(new dev.confab.client.PrivacySettings("contacts", "nobody", "contacts"));
            assertThat(bob.profile(a).about()).isNull();
            assertThat(bob.profile(a).online()).isTrue();

            alice.updatePrivacy("nobody", null, "nobody");
            toBob = bob.profile(a);
            assertThat(toBob.hasAvatar()).isNull();
            assertThat(toBob.lastSeenAt()).isNull();
            assertThat(toBob.online()).isNull();
            assertThat(bob.avatar(a).status()).isEqualTo(404);

            // I always see all of mine
            for (Profile mine : List.of(alice.myProfile(), alice.profile(a))) {
                assertThat(mine.about()).isEqualTo("hello from Alice");
                assertThat(mine.hasAvatar()).isTrue();
                assertThat(mine.lastSeenAt()).isNotNull();
                assertThat(mine.online()).isTrue();
            }
            assertThat(alice.avatar(a).status()).isEqualTo(200);
            assertThat(alice.privacy()).isEqualTo(new dev.confab.client.PrivacySettings("nobody", "nobody", "nobody"));

            // someone I blocked sees nothing, whatever the settings
            alice.updatePrivacy("everyone", "everyone", "everyone");
            assertThat(eve.profile(a).about()).isEqualTo("hello from Alice");
            alice.block(eve.user().id());
            toEve = eve.profile(a);
            assertThat(toEve.about()).isNull();
            assertThat(toEve.hasAvatar()).isNull();
            assertThat(toEve.online()).isNull();
            assertThat(eve.avatar(a).status()).isEqualTo(404);
            assertThat(eve.findProfiles(alice.user().username(), 5).getFirst().about())
                    .isNull();
            assertThat(bob.profile(a).about()).isEqualTo("hello from Alice");
        }

        assertThat(alice.raw("PATCH", "/api/v1/me/privacy", "{\"about\":\"friends\"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.raw("PATCH", "/api/v1/me/privacy", "{}").status()).isEqualTo(400);
        assertThat(eve.raw("GET", "/api/v1/users/999999", null).status()).isEqualTo(404);
    }

    private List<Path> mediaFiles() {
        try (Stream<Path> files = Files.walk(server.mediaDir())) {
            return files.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void refused(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }
}
