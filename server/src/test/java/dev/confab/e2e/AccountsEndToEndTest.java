package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.User;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign-up, login, sessions and profiles through a real server, with a look at what the store keeps. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AccountsEndToEndTest extends ServerPerStore {
    @Test
    void signupRulesAndStableErrors() {
        ConfabClient.signup(server.base(), "carol", "long enough", "Carol", "phone");
        assertCode(
                () -> ConfabClient.signup(server.base(), "carol", "long enough", "Carol 2", "phone"),
                409,
                "username_taken");
        assertCode(
                () -> ConfabClient.signup(server.base(), "Bad Name!", "long enough", "x", "phone"),
                400,
                "invalid_field");
        assertCode(() -> ConfabClient.signup(server.base(), "ok_name", "short", "x", "phone"), 400, "invalid_field");
        assertCode(
                () -> ConfabClient.signup(server.base(), "ok_name", "p".repeat(73), "x", "phone"),
                400,
                "password_too_long");
        assertCode(
                () -> ConfabClient.signup(server.base(), "ok_name", "long enough", "bell\u0007", "phone"),
                400,
                "invalid_field");
        assertThat(server.store().column("SELECT username FROM users")).containsExactly("carol");
    }

    @Test
    void passwordsAreBcryptHashedAndTokensAreNeverStoredInClear() {
        ConfabClient carol = ConfabClient.signup(server.base(), "carol", "correct horse", "Carol", "phone");
        String hash = server.store().column("SELECT password_hash FROM users").getFirst();
        assertThat(hash).startsWith("$2").doesNotContain("correct horse");
        assertThat(server.store().column("SELECT token_hash FROM sessions"))
                .singleElement()
                .isNotEqualTo(carol.token())
                .asString()
                .doesNotContain(carol.token());
    }

    @Test
    void loginMakesOneSessionPerDeviceAndLogoutEndsOnlyThatOne() {
        ConfabClient.signup(server.base(), "dave", "correct horse", "Dave", "phone");
        assertCode(() -> ConfabClient.login(server.base(), "dave", "wrong horse", "laptop"), 401, "bad_credentials");
        assertCode(() -> ConfabClient.login(server.base(), "nobody", "wrong horse", "laptop"), 401, "bad_credentials");

        ConfabClient laptop = ConfabClient.login(server.base(), "dave", "correct horse", "laptop");
        ConfabClient tablet = ConfabClient.login(server.base(), "dave", "correct horse", "tablet");
        assertThat(laptop.sessions())
                .extracting(s -> s.device())
                .containsExactlyInAnyOrder("phone", "laptop", "tablet");

        laptop.logout();
        assertThat(laptop.raw("GET", "/api/v1/me", null).status()).isEqualTo(401);
        assertThat(tablet.me().username()).isEqualTo("dave");
        assertThat(tablet.sessions()).extracting(s -> s.device()).containsExactlyInAnyOrder("phone", "tablet");
        assertCode(() -> tablet.revokeSession(laptop.sessionId()), 404, "session_not_found");
    }

    @Test
    void nobodyCanRevokeSomeoneElsesSession() {
        ConfabClient erin = server.newUser("Erin");
        ConfabClient frank = server.newUser("Frank");
        assertCode(() -> frank.revokeSession(erin.sessionId()), 404, "session_not_found");
        assertThat(erin.me().id()).isEqualTo(erin.user().id());
    }

    @Test
    void anExpiredSessionIsRefusedOnRestAndSocket() {
        ConfabClient gina = server.newUser("Gina");
        server.store().execute("UPDATE sessions SET expires_at = 1");
        assertThat(gina.raw("GET", "/api/v1/me", null).status()).isEqualTo(401);
        assertThatThrownBy(() -> gina.connect(new SocketRecorder()))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void findUsersByUsernamePrefixAndEditMyDisplayName() {
        ConfabClient.signup(server.base(), "anna", "long enough", "Anna", "phone");
        ConfabClient.signup(server.base(), "annabel", "long enough", "Annabel", "phone");
        ConfabClient ben = ConfabClient.signup(server.base(), "ben", "long enough", "Ben", "phone");

        assertThat(ben.findUsers("ann", 20)).extracting(User::username).containsExactly("anna", "annabel");
        assertThat(ben.findUsers("ANN", 20)).extracting(User::username).containsExactly("anna", "annabel");
        assertThat(ben.findUsers("ann", 1)).extracting(User::username).containsExactly("anna");
        assertThat(ben.findUsers("zed", 20)).isEmpty();
        assertThat(ben.findUsers("%", 20)).as("LIKE wildcards are literal").isEmpty();
        assertThat(ben.raw("GET", "/api/v1/users?prefix=a&limit=51", null).status())
                .isEqualTo(400);

        assertThat(ben.updateDisplayName("Benjamin").displayName()).isEqualTo("Benjamin");
        assertThat(ben.findUsers("ben", 5).getFirst().displayName()).isEqualTo("Benjamin");
    }

    @Test
    void lastSeenIsRecordedWhenADeviceDisconnects() throws Exception {
        ConfabClient hal = server.newUser("Hal");
        ConfabClient ida = server.newUser("Ida");
        Instant before = Instant.now().minusSeconds(1);
        try (ChatSocket s = hal.connect(new SocketRecorder())) {
            s.hello().get(5, TimeUnit.SECONDS);
        }
        assertThat(SocketRecorder.await(
                        Duration.ofSeconds(5), () -> ida.user(hal.user().id()).lastSeenAt() != null))
                .isTrue();
        assertThat(ida.user(hal.user().id()).lastSeenAt()).isAfter(before);
    }

    private static void assertCode(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
