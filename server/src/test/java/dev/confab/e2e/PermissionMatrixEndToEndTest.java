package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Room;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Walks every (role, action) cell of the group matrix in docs/permissions.md against a running
 * server, so the written matrix and the enforced one cannot drift apart; then the rank rules.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PermissionMatrixEndToEndTest {
    private static final List<String> ROLES = List.of("owner", "admin", "moderator", "member", "readonly");

    @Parameter
    StoreKind kind;

    TestServer server;
    ConfabClient owner, actor, target, outsider;

    @BeforeEach
    void start() {
        server = TestServer.start(kind);
        owner = server.newUser("Owner");
        actor = server.newUser("Actor");
        target = server.newUser("Target");
        outsider = server.newUser("Outsider");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The groups table of docs/permissions.md: action → role → allowed. */
    static Map<String, Map<String, Boolean>> documentedMatrix() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "permissions.md"));
        int header = lines.indexOf("| action | owner | admin | moderator | member | readonly |");
        assertThat(header).as("the group matrix table in docs/permissions.md").isNotNegative();
        Map<String, Map<String, Boolean>> matrix = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            Map<String, Boolean> row = new LinkedHashMap<>();
            for (int r = 0; r < ROLES.size(); r++)
                row.put(ROLES.get(r), cells[r + 2].strip().equals("yes"));
            matrix.put(cells[1].strip(), row);
        }
        return matrix;
    }

    @Test
    void everyRoleAndActionOfTheMatrixIsEnforced() throws Exception {
        Map<String, Map<String, Boolean>> matrix = documentedMatrix();
        assertThat(matrix.keySet())
                .containsExactlyInAnyOrder(
                        "post",
                        "invite",
                        "remove",
                        "ban",
                        "edit_info",
                        "change_roles",
                        "delete_others",
                        "pin",
                        "manage_invites",
                        "see_readers");
        List<String> mismatches = new ArrayList<>();
        for (var action : matrix.entrySet()) {
            for (var cell : action.getValue().entrySet()) {
                String role = cell.getKey();
                Room room = owner.createGroup(
                        "matrix " + action.getKey() + " " + role,
                        null,
                        List.of(actor.user().id(), target.user().id()));
                if (!role.equals("member"))
                    owner.setRole(room.id(), actor.user().id(), role);
                boolean allowed = attempt(action.getKey(), room);
                if (allowed != cell.getValue()) {
                    mismatches.add(
                            role + " " + action.getKey() + ": documented " + cell.getValue() + ", server " + allowed);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** True when the server allowed it; a refusal must be `forbidden`, nothing else. */
    private boolean attempt(String action, Room room) throws Exception {
        long r = room.id();
        long t = target.user().id();
        try {
            switch (action) {
                case "post" -> {
                    boolean rest = allowed(() -> actor.postMessage(r, "p-" + r, "hello"));
                    boolean socket = allowedOverSocket(r);
                    assertThat(socket).as("socket and REST agree on posting").isEqualTo(rest);
                    return rest;
                }
                case "invite" -> {
                    return allowed(
                            () -> actor.addMembers(r, List.of(outsider.user().id())));
                }
                case "remove" -> {
                    return allowed(() -> actor.removeMember(r, t));
                }
                case "ban" -> {
                    return allowed(() -> actor.ban(r, t));
                }
                case "edit_info" -> {
                    return allowed(() -> actor.updateRoom(r, "renamed", null, null, null));
                }
                case "change_roles" -> {
                    return allowed(() -> actor.setRole(r, t, "readonly"));
                }
                case "delete_others" -> {
                    long seq = target.postMessage(r, "t-" + r, "mine").message().seq();
                    return allowed(() -> actor.deleteMessage(r, seq));
                }
                case "pin" -> {
                    long seq =
                            target.postMessage(r, "t-" + r, "pin me").message().seq();
                    return allowed(() -> actor.pin(r, seq));
                }
                case "manage_invites" -> {
                    return allowed(() -> actor.createInvite(r, null, null));
                }
                case "see_readers" -> {
                    return actor.room(r).members().stream().anyMatch(m -> m.userId() == t && m.read() != null)
                            && actor.receipts(r, 1).read().contains(t);
                }
                default -> throw new AssertionError("unknown action " + action);
            }
        } catch (AssertionError e) {
            throw new AssertionError(action + ": " + e.getMessage(), e);
        }
    }

    private boolean allowedOverSocket(long roomId) throws Exception {
        try (ChatSocket s = actor.connect(new SocketRecorder())) {
            s.hello().get(5, TimeUnit.SECONDS);
            s.send(roomId, "s-" + roomId, "over the socket").get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            ConfabException.class, c -> assertThat(c.code()).isEqualTo("forbidden"));
            return false;
        }
    }

    private static boolean allowed(Runnable call) {
        try {
            call.run();
            return true;
        } catch (ConfabException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo("forbidden");
            assertThat(e.status()).isEqualTo(403);
            return false;
        }
    }

    private static void refused(String code, Runnable call) {
        try {
            call.run();
        } catch (ConfabException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            return;
        }
        throw new AssertionError("expected " + code + " but it was allowed");
    }

    @Test
    void rankRulesProtectHigherRolesAndTheLastOwner() {
        ConfabClient admin = actor, other = target;
        Room room = owner.createGroup(
                "ranks", null, List.of(admin.user().id(), other.user().id()));
        long r = room.id();
        owner.setRole(r, admin.user().id(), "admin");

        refused("forbidden", () -> admin.setRole(r, owner.user().id(), "member")); // an admin demoting the owner
        refused("forbidden", () -> admin.removeMember(r, owner.user().id()));
        refused("forbidden", () -> admin.ban(r, owner.user().id()));
        refused("forbidden", () -> admin.setRole(r, other.user().id(), "admin")); // granting one's own rank
        refused("forbidden", () -> admin.setRole(r, admin.user().id(), "owner")); // promoting oneself
        admin.setRole(r, other.user().id(), "moderator");
        refused("forbidden", () -> other.removeMember(r, admin.user().id())); // a moderator over an admin

        refused("last_owner", () -> owner.leave(r));
        refused("last_owner", () -> owner.setRole(r, owner.user().id(), "admin"));
        owner.setRole(r, other.user().id(), "owner"); // co-owner: the hand-over
        refused("forbidden", () -> admin.setRole(r, other.user().id(), "member"));
        owner.leave(r);
        assertThat(other.room(r).members())
                .extracting(m -> m.userId() + ":" + m.role())
                .containsExactlyInAnyOrder(
                        admin.user().id() + ":admin", other.user().id() + ":owner");
        refused("room_not_found", () -> owner.postMessage(r, "gone", "still here?"));
    }

    @Test
    void channelsLetOnlyOwnersAndAdminsPost() {
        Room channel = owner.createRoom(
                "news",
                "channel",
                "private",
                "all",
                List.of(actor.user().id(), target.user().id()));
        owner.setRole(channel.id(), actor.user().id(), "moderator");
        owner.postMessage(channel.id(), "o-1", "announcement");
        refused("forbidden", () -> target.postMessage(channel.id(), "t-1", "a reader"));
        refused("forbidden", () -> actor.postMessage(channel.id(), "a-1", "a moderator"));
        owner.setRole(channel.id(), actor.user().id(), "admin");
        actor.postMessage(channel.id(), "a-2", "an admin");
        assertThat(target.room(channel.id()).members())
                .extracting(m -> m.userId())
                .containsExactlyInAnyOrder(
                        owner.user().id(), actor.user().id(), target.user().id());
        assertThat(target.history(channel.id(), null, null, 10).messages())
                .extracting(m -> m.text())
                .containsExactly(null, null, "announcement", null, "an admin"); // created, role, text, role, text
        // see_readers, the channel's other difference: owners and admins see the readers, moderators do not
        owner.setRole(channel.id(), actor.user().id(), "moderator");
        assertThat(actor.room(channel.id()).members())
                .extracting(m -> m.userId())
                .doesNotContain(target.user().id());
        owner.setRole(channel.id(), actor.user().id(), "admin");
        assertThat(actor.room(channel.id()).members())
                .extracting(m -> m.userId())
                .contains(target.user().id());
    }

    @Test
    void directRoomsHaveNothingToAdminister() {
        Room dm = owner.directRoom(actor.user().id());
        owner.postMessage(dm.id(), "d-1", "hi");
        long seq = actor.postMessage(dm.id(), "d-2", "hello").message().seq();
        owner.pin(dm.id(), seq);
        refused(
                "forbidden",
                () -> owner.addMembers(dm.id(), List.of(target.user().id())));
        refused("forbidden", () -> owner.updateRoom(dm.id(), "renamed", null, null, null));
        refused("forbidden", () -> owner.removeMember(dm.id(), actor.user().id()));
        refused("forbidden", () -> owner.createInvite(dm.id(), null, null));
        refused("forbidden", () -> owner.leave(dm.id()));
        refused("forbidden", () -> owner.deleteMessage(dm.id(), seq));
        owner.deleteMessage(dm.id(), seq - 1);
    }
}
