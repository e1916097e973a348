package dev.confab.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Room;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The admin command line against the store of a running server, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AdminCommandEndToEndTest extends ServerPerStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createdUserLogsInAndResetPasswordEndsEverySession() throws Exception {
        JsonNode created = admin("new-password-1\n", "users", "create", "carol", "Carol", "Admin", "--password-stdin");
        assertThat(created.get("username").asText()).isEqualTo("carol");
        assertThat(created.has("password")).isFalse();
        ConfabClient carol = ConfabClient.login(server.base(), "carol", "new-password-1", "phone");
        assertThat(carol.me().displayName()).isEqualTo("Carol Admin");

        JsonNode reset = admin("", "users", "reset-password", "carol");
        String generated = reset.get("password").asText();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(16);
        assertThatThrownBy(carol::me)
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> ConfabClient.login(server.base(), "carol", "new-password-1", "phone"))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(ConfabClient.login(server.base(), "carol", generated, "phone")
                        .me()
                        .username())
                .isEqualTo("carol");
    }

    @Test
    void aDisabledUserCannotSignInUntilEnabledAgain() throws Exception {
        ConfabClient dave = server.newUser("Dave");
        String name = dave.user().username();
        SocketRecorder inbox = new SocketRecorder();
        ChatSocket socket = dave.connect(inbox);
        socket.hello().get(10, TimeUnit.SECONDS);
        admin("", "users", "disable", name);
        // The command runs beside the server, not in it: the server finds the revoked sessions in the store.
        assertThat(inbox.closed.get(30, TimeUnit.SECONDS).code()).isEqualTo(4001);
        socket.close();
        assertThatThrownBy(dave::me)
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("unauthenticated"));
        assertThatThrownBy(() -> server.login(dave, "laptop"))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.status()).isEqualTo(401));
        JsonNode listed = admin("", "users", "list", name);
        assertThat(listed.get(0).get("disabled_at").isNull()).isFalse();
        assertThat(listed.get(0).get("sessions").asLong()).isZero();

        admin("", "users", "enable", name);
        assertThat(server.login(dave, "laptop").me().username()).isEqualTo(name);
    }

    @Test
    void aDeletedUserIsErasedButTheirMessagesStay() throws Exception {
        ConfabClient erin = server.newUser("Erin");
        ConfabClient frank = server.newUser("Frank");
        Room room = erin.directRoom(frank.user().id());
        erin.postMessage(room.id(), "e-1", "remember me");
        admin("", "users", "delete", erin.user().username());

        var page = frank.history(room.id(), null, null, 50);
        assertThat(page.messages()).anySatisfy(m -> {
            assertThat(m.text()).isEqualTo("remember me");
            assertThat(m.senderId()).isEqualTo(erin.user().id());
        });
        var shown = frank.profile(erin.user().id());
        assertThat(shown.displayName()).isEqualTo("Deleted account");
        assertThat(shown.username()).isEqualTo("deleted-" + erin.user().id());
        assertThat(shown.about()).isNull();
        assertThatThrownBy(() -> server.login(erin, "again")).isInstanceOf(ConfabException.class);
        // The name is free again.
        admin("password-x1\n", "users", "create", erin.user().username(), "--password-stdin");
    }

    @Test
    void deletingAUserRemovesTheirAvatarButNotBytesAnotherUploadShares() throws Exception {
        ConfabClient ivy = server.newUser("Ivy");
        ConfabClient jack = server.newUser("Jack");
        byte[] png = dev.confab.testing.TestImages.png(24, 24);
        ivy.uploadAvatar(png, "image/png");
        long shared = jack.uploadMedia(png, "same.png").id();
        admin("", "users", "delete", ivy.user().username());
        assertThat(jack.avatar(ivy.user().id()).status()).isEqualTo(404);
        assertThat(jack.media(shared, false).body())
                .as("Jack's upload of the same bytes")
                .isEqualTo(png);
    }

    @Test
    void roomsAreListedShownExportedAndDeleted() throws Exception {
        ConfabClient gina = server.newUser("Gina");
        ConfabClient hank = server.newUser("Hank");
        Room group = gina.createGroup("Plans", "weekend", List.of(hank.user().id()));
        for (int i = 0; i < 5; i++) gina.postMessage(group.id(), "g-" + i, "plan " + i);
        gina.createInvite(group.id(), null, null);
        gina.pin(group.id(), 2);

        JsonNode rooms = admin("", "rooms", "list");
        assertThat(rooms.findValuesAsText("name")).contains("Plans");
        JsonNode shown = admin("", "rooms", "show", String.valueOf(group.id()));
        assertThat(shown.get("members").findValuesAsText("username"))
                .contains(gina.user().username(), hank.user().username());

        JsonNode export = admin("", "export", "room", String.valueOf(group.id()));
        assertThat(export.get("room").get("name").asText()).isEqualTo("Plans");
        assertThat(export.get("messages").findValuesAsText("text")).contains("plan 0", "plan 4");
        assertThat(export.get("members")).hasSize(2);

        JsonNode userExport = admin("", "export", "user", gina.user().username());
        assertThat(userExport.get("user").get("username").asText())
                .isEqualTo(gina.user().username());
        assertThat(userExport.get("messages").findValuesAsText("text")).contains("plan 3");
        assertThat(userExport.toString())
                .doesNotContain("password_hash")
                .doesNotContain("token_hash")
                .doesNotContain("$2a$");

        JsonNode before = admin("", "stats");
        admin("", "rooms", "delete", String.valueOf(group.id()));
        JsonNode after = admin("", "stats");
        assertThat(after.get("rooms").asLong()).isEqualTo(before.get("rooms").asLong() - 1);
        assertThat(after.get("messages").asLong())
                .isLessThanOrEqualTo(before.get("messages").asLong() - 5);
        assertThat(hank.chatList(50).rooms())
                .noneSatisfy(e -> assertThat(e.room().id()).isEqualTo(group.id()));
        assertThatThrownBy(() -> hank.history(group.id(), null, null, 10))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("room_not_found"));
        // And the server keeps working.
        Room other = gina.directRoom(hank.user().id());
        assertThat(gina.postMessage(other.id(), "after", "still here").message().text())
                .isEqualTo("still here");
    }

    @Test
    void mistakesAreAnsweredWithUsageAndAFailureCode() {
        assertThat(run("", "users", "frobnicate").exit).isEqualTo(2);
        assertThat(run("", "users", "disable", "nobody-by-this-name").exit).isEqualTo(1);
        assertThat(run("", "rooms", "show", "12abc").exit).isEqualTo(2);
        assertThat(run("").exit).isEqualTo(2);
    }

    private JsonNode admin(String stdin, String... words) throws Exception {
        Result r = run(stdin, words);
        assertThat(r.exit).as("admin %s: %s", String.join(" ", words), r.err).isZero();
        return JSON.readTree(r.out);
    }

    private Result run(String stdin, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.add("--store.url=" + server.store().url());
        args.add("--store.user=" + server.store().user());
        args.add("--media.dir=" + server.mediaDir());
        args.add("--auth.bcryptCost=4");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = AdminCommand.run(
                args.toArray(String[]::new),
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {}
}
