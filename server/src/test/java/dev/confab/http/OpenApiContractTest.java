package dev.confab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.BinaryResponse;
import dev.confab.client.ConfabClient;
import dev.confab.client.RawResponse;
import dev.confab.error.ErrorCode;
import dev.confab.testing.OpenApiSchema;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import dev.confab.wire.Json;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/openapi.yaml honest: it lists exactly the server's routes, its error codes are the
 * server's, and a walk over every route gets answers whose status is documented and whose body
 * matches the documented schema. The routes do not depend on the store, so SQLite serves.
 */
class OpenApiContractTest {
    private static final Path OPENAPI = Path.of("..", "docs", "openapi.yaml");
    private static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");

    static TestServer server;
    static OpenApiSchema api;

    @BeforeAll
    static void start() throws Exception {
        // push subscriptions in the walk point at a local port nobody listens on
        server = TestServer.start(StoreKind.SQLITE, java.util.Map.of("push.allowedEndpoints", "http://127.0.0.1:9"));
        api = OpenApiSchema.load(OPENAPI);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Read by a real OpenAPI 3 parser, which reports what the test's own schema reader lets through:
     * the file once had three properties whose schema `description: >-` had folded into a string.
     */
    @Test
    void theDocumentIsValidOpenApi() throws Exception {
        SwaggerParseResult parsed = parse(Files.readString(OPENAPI));
        assertThat(parsed.getOpenAPI()).as("parsed").isNotNull();
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
    }

    private static SwaggerParseResult parse(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(yaml, null, options);
    }

    @Test
    void theDocumentListsExactlyTheServersRoutes() {
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = api.root().path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (!path.startsWith("/api/")) continue;
            api.root()
                    .path("paths")
                    .path(path)
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
        }
        Set<String> served = new TreeSet<>();
        server.server().routes().forEach(r -> served.add(r.method() + " " + r.path()));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void errorCodesAreTheServersAndEachIsExplainedInTheProtocol() throws Exception {
        Set<String> documented = new TreeSet<>();
        api.root()
                .at("/components/schemas/Error/properties/error/properties/code/enum")
                .forEach(c -> documented.add(c.asText()));
        Set<String> server = new TreeSet<>(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList());
        assertThat(documented).isEqualTo(server);
        String protocol = Files.readString(PROTOCOL);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(protocol).as(code.wire()).contains("| `" + code.wire() + "` | " + code.httpStatus() + " |");
        }
    }

    @Test
    void everyRouteAnswersAsDocumented() {
        Walk w = new Walk();
        ConfabClient anon = ConfabClient.withToken(server.base(), null);
        RawResponse signup = w.call(
                anon,
                "POST",
                "/api/v1/auth/signup",
                "/api/v1/auth/signup",
                "{\"username\":\"olga\",\"password\":\"long enough\",\"displayName\":\"Olga\",\"device\":\"phone\"}",
                201);
        w.call(
                anon,
                "POST",
                "/api/v1/auth/signup",
                "/api/v1/auth/signup",
                "{\"username\":\"olga\",\"password\":\"long enough\",\"device\":\"phone\"}",
                409);
        ConfabClient olga = ConfabClient.withToken(
                server.base(), Json.readObject(signup.body()).get("token").asText());
        ConfabClient pete = server.newUser("Pete");
        RawResponse login = w.call(
                anon,
                "POST",
                "/api/v1/auth/login",
                "/api/v1/auth/login",
                "{\"username\":\"olga\",\"password\":\"long enough\",\"device\":\"laptop\"}",
                200);
        w.call(
                anon,
                "POST",
                "/api/v1/auth/login",
                "/api/v1/auth/login",
                "{\"username\":\"olga\",\"password\":\"wrong one\"}",
                401);
        ConfabClient laptop = ConfabClient.withToken(
                server.base(), Json.readObject(login.body()).get("token").asText());
        long laptopSession = Json.readObject(login.body()).at("/session/id").asLong();

        w.call(olga, "GET", "/api/v1/sessions", "/api/v1/sessions", null, 200);
        w.call(olga, "GET", "/api/v1/me", "/api/v1/me", null, 200);
        w.call(olga, "PATCH", "/api/v1/me", "/api/v1/me", "{\"displayName\":\"Olga O.\"}", 200);
        w.call(olga, "GET", "/api/v1/users", "/api/v1/users?prefix=ol", null, 200);
        w.call(olga, "GET", "/api/v1/users/{id}", "/api/v1/users/" + pete.user().id(), null, 200);
        w.call(olga, "GET", "/api/v1/users/{id}", "/api/v1/users/999999", null, 404);

        RawResponse direct = w.call(
                olga,
                "POST",
                "/api/v1/rooms/direct",
                "/api/v1/rooms/direct",
                "{\"userId\":" + pete.user().id() + "}",
                201);
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/direct",
                "/api/v1/rooms/direct",
                "{\"userId\":" + pete.user().id() + "}",
                200);
        long dm = Json.readObject(direct.body()).get("id").asLong();
        RawResponse group =
                w.call(olga, "POST", "/api/v1/rooms", "/api/v1/rooms", "{\"name\":\"g\",\"description\":\"d\"}", 201);
        long g = Json.readObject(group.body()).get("id").asLong();
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/members",
                "/api/v1/rooms/" + g + "/members",
                "{\"userIds\":[" + pete.user().id() + "]}",
                200);
        w.call(
                pete,
                "POST",
                "/api/v1/rooms/{id}/members",
                "/api/v1/rooms/" + g + "/members",
                "{\"userIds\":[" + pete.user().id() + "]}",
                403);
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"o1\",\"text\":\"hi\"}",
                201);
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"o1\",\"text\":\"hi\"}",
                200);
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"o2\"}",
                400);
        w.call(olga, "GET", "/api/v1/rooms", "/api/v1/rooms", null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}", "/api/v1/rooms/" + dm, null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}", "/api/v1/rooms/999999", null, 404);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages?limit=10", null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages?limit=1000", null, 400);
        w.call(pete, "POST", "/api/v1/rooms/{id}/received", "/api/v1/rooms/" + dm + "/received", "{\"seq\":2}", 200);
        w.call(pete, "POST", "/api/v1/rooms/{id}/read", "/api/v1/rooms/" + dm + "/read", "{\"seq\":2}", 200);
        w.call(
                olga,
                "GET",
                "/api/v1/rooms/{id}/messages/{seq}/receipts",
                "/api/v1/rooms/" + dm + "/messages/2/receipts",
                null,
                200);
        w.call(pete, "GET", "/api/v1/unread", "/api/v1/unread", null, 200);
        w.call(pete, "GET", "/api/v1/sync", "/api/v1/sync?since=0&limit=50", null, 200);
        // groups: info, roles, invites, bans, pins, deletion, the directory
        ConfabClient quinn = server.newUser("Quinn");
        String room = "/api/v1/rooms/" + g;
        w.call(
                olga,
                "PATCH",
                "/api/v1/rooms/{id}",
                room,
                "{\"name\":\"g2\",\"visibility\":\"public\",\"history\":\"joined\"}",
                200);
        w.call(pete, "PATCH", "/api/v1/rooms/{id}", room, "{\"name\":\"mine now\"}", 403);
        w.call(olga, "PATCH", "/api/v1/rooms/{id}", room, "{\"history\":\"sometimes\"}", 400);
        w.call(olga, "GET", "/api/v1/directory", "/api/v1/directory?q=g2", null, 200);
        w.call(quinn, "POST", "/api/v1/rooms/{id}/join", room + "/join", null, 200);
        w.call(quinn, "POST", "/api/v1/rooms/{id}/leave", room + "/leave", null, 204);
        w.call(olga, "POST", "/api/v1/rooms/{id}/leave", room + "/leave", null, 409);
        w.call(
                olga,
                "PATCH",
                "/api/v1/rooms/{id}/members/{userId}",
                room + "/members/" + pete.user().id(),
                "{\"role\":\"moderator\"}",
                200);
        w.call(
                olga,
                "PATCH",
                "/api/v1/rooms/{id}/members/{userId}",
                room + "/members/" + quinn.user().id(),
                "{\"role\":\"admin\"}",
                404);
        RawResponse invite = w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/invites",
                room + "/invites",
                "{\"maxUses\":3,\"expiresInSeconds\":600}",
                201);
        String code = Json.readObject(invite.body()).get("code").asText();
        w.call(olga, "GET", "/api/v1/rooms/{id}/invites", room + "/invites", null, 200);
        w.call(quinn, "GET", "/api/v1/invites/{code}", "/api/v1/invites/" + code, null, 200);
        w.call(quinn, "GET", "/api/v1/invites/{code}", "/api/v1/invites/nope", null, 404);
        w.call(quinn, "POST", "/api/v1/invites/{code}/join", "/api/v1/invites/" + code + "/join", null, 200);
        w.call(
                pete,
                "DELETE",
                "/api/v1/rooms/{id}/members/{userId}",
                room + "/members/" + quinn.user().id(),
                null,
                204);
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/bans",
                room + "/bans",
                "{\"userId\":" + quinn.user().id() + "}",
                204);
        w.call(olga, "GET", "/api/v1/rooms/{id}/bans", room + "/bans", null, 200);
        w.call(quinn, "POST", "/api/v1/invites/{code}/join", "/api/v1/invites/" + code + "/join", null, 403);
        w.call(
                olga,
                "DELETE",
                "/api/v1/rooms/{id}/bans/{userId}",
                room + "/bans/" + quinn.user().id(),
                null,
                204);
        w.call(olga, "DELETE", "/api/v1/rooms/{id}/invites/{code}", room + "/invites/" + code, null, 204);
        w.call(olga, "DELETE", "/api/v1/rooms/{id}/invites/{code}", room + "/invites/" + code, null, 404);
        w.call(quinn, "POST", "/api/v1/invites/{code}/join", "/api/v1/invites/" + code + "/join", null, 404);
        RawResponse posted = w.call(
                pete,
                "POST",
                "/api/v1/rooms/{id}/messages",
                room + "/messages",
                "{\"clientId\":\"p1\",\"text\":\"pin me\"}",
                201);
        long seq = Json.readObject(posted.body()).get("seq").asLong();
        w.call(pete, "POST", "/api/v1/rooms/{id}/pins", room + "/pins", "{\"seq\":" + seq + "}", 204);
        w.call(pete, "POST", "/api/v1/rooms/{id}/pins", room + "/pins", "{\"seq\":9999}", 404);
        w.call(pete, "GET", "/api/v1/rooms/{id}", room, null, 200);
        w.call(pete, "DELETE", "/api/v1/rooms/{id}/pins/{seq}", room + "/pins/" + seq, null, 204);
        w.call(olga, "DELETE", "/api/v1/rooms/{id}/messages/{seq}", room + "/messages/" + seq, null, 204);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", room + "/messages?limit=100", null, 200);
        w.call(pete, "GET", "/api/v1/sync", "/api/v1/sync?since=0&limit=500", null, 200);
        long olgaId = Json.readObject(signup.body()).at("/user/id").asLong();
        walkProfiles(w, olga, olgaId, pete, dm);
        walkNotifications(w, olga, pete, dm);
        walkMessageActions(w, olga, pete, dm, g);
        walkMedia(w, olga, pete, dm);

        w.call(olga, "DELETE", "/api/v1/sessions/{id}", "/api/v1/sessions/" + laptopSession, null, 204);
        w.call(olga, "DELETE", "/api/v1/sessions/{id}", "/api/v1/sessions/" + laptopSession, null, 404);
        w.call(laptop, "GET", "/api/v1/me", "/api/v1/me", null, 401);
        w.call(olga, "POST", "/api/v1/auth/logout", "/api/v1/auth/logout", null, 204);

        Set<String> served = new TreeSet<>();
        server.server().routes().forEach(r -> served.add(r.method() + " " + r.path()));
        assertThat(w.covered).as("the walk reaches every route").isEqualTo(served);
    }

    /** Replies, forwards, edits, reactions and search (issue 10); Olga and Pete share the direct room {@code dm} and group {@code g}. */
    private static void walkMessageActions(Walk w, ConfabClient olga, ConfabClient pete, long dm, long g) {
        String msgs = "/api/v1/rooms/" + dm + "/messages";
        RawResponse first = w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/messages",
                msgs,
                "{\"clientId\":\"m1\",\"text\":\"walrus tusks\"}",
                201);
        long seq = Json.readObject(first.body()).get("seq").asLong();
        w.call(
                pete,
                "POST",
                "/api/v1/rooms/{id}/messages",
                msgs,
                "{\"clientId\":\"m2\",\"text\":\"a reply\",\"replyTo\":" + seq + "}",
                201);
        w.call(
                pete,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + g + "/messages",
                "{\"clientId\":\"m3\",\"forward\":{\"roomId\":" + dm + ",\"seq\":" + seq + "}}",
                201);
        w.call(
                olga,
                "PATCH",
                "/api/v1/rooms/{id}/messages/{seq}",
                msgs + "/" + seq,
                "{\"text\":\"walrus tusks, edited\"}",
                200);
        w.call(pete, "PATCH", "/api/v1/rooms/{id}/messages/{seq}", msgs + "/" + seq, "{\"text\":\"not mine\"}", 403);
        w.call(olga, "PATCH", "/api/v1/rooms/{id}/messages/{seq}", msgs + "/9999", "{\"text\":\"nothing\"}", 404);
        String thumbs = URLEncoder.encode("👍", StandardCharsets.UTF_8);
        w.call(
                pete,
                "PUT",
                "/api/v1/rooms/{id}/messages/{seq}/reactions/{emoji}",
                msgs + "/" + seq + "/reactions/" + thumbs,
                null,
                200);
        w.call(
                pete,
                "PUT",
                "/api/v1/rooms/{id}/messages/{seq}/reactions/{emoji}",
                msgs + "/" + seq + "/reactions/banana",
                null,
                400);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages/{seq}/reactions", msgs + "/" + seq + "/reactions", null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", msgs + "?limit=100", null, 200);
        w.call(pete, "GET", "/api/v1/sync", "/api/v1/sync?since=0&limit=500", null, 200);
        w.call(
                pete,
                "DELETE",
                "/api/v1/rooms/{id}/messages/{seq}/reactions/{emoji}",
                msgs + "/" + seq + "/reactions/" + thumbs,
                null,
                200);
        w.call(pete, "GET", "/api/v1/reactions", "/api/v1/reactions", null, 200);
        w.call(pete, "GET", "/api/v1/search", "/api/v1/search?q=walr", null, 200);
        w.call(pete, "GET", "/api/v1/search", "/api/v1/search?q=tusk&match=substring&roomId=" + dm, null, 200);
        w.call(pete, "GET", "/api/v1/search", "/api/v1/search?q=", null, 400);
        w.call(pete, "GET", "/api/v1/search", "/api/v1/search?q=walrus&roomId=999999", null, 404);
    }

    /** Profiles, avatars, privacy and blocks; Olga and Pete share the direct room {@code dm}. */
    private static void walkProfiles(Walk w, ConfabClient olga, long olgaId, ConfabClient pete, long dm) {
        String avatar = "/api/v1/users/" + olgaId + "/avatar";
        w.call(olga, "PATCH", "/api/v1/me", "/api/v1/me", "{\"about\":\"hello\"}", 200);
        w.call(olga, "PATCH", "/api/v1/me", "/api/v1/me", "{\"about\":\"\\u0007\"}", 400);
        w.bytes(olga, "PUT", "/api/v1/me/avatar", "/api/v1/me/avatar", TestImages.png(8, 8), 200);
        w.bytes(olga, "PUT", "/api/v1/me/avatar", "/api/v1/me/avatar", "GIF? no".getBytes(StandardCharsets.UTF_8), 415);
        w.bytes(olga, "PUT", "/api/v1/me/avatar", "/api/v1/me/avatar", TestImages.png(4097, 1), 413);
        w.bytes(olga, "PUT", "/api/v1/me/avatar", "/api/v1/me/avatar", Arrays.copyOf(TestImages.png(8, 8), 20), 400);
        w.bytes(pete, "GET", "/api/v1/users/{id}/avatar", avatar, null, 200);
        w.call(pete, "GET", "/api/v1/users/{id}", "/api/v1/users/" + olgaId, null, 200);
        w.call(olga, "GET", "/api/v1/me/privacy", "/api/v1/me/privacy", null, 200);
        w.call(olga, "PATCH", "/api/v1/me/privacy", "/api/v1/me/privacy", "{\"avatar\":\"nobody\"}", 200);
        w.call(olga, "PATCH", "/api/v1/me/privacy", "/api/v1/me/privacy", "{\"avatar\":\"friends\"}", 400);
        w.bytes(pete, "GET", "/api/v1/users/{id}/avatar", avatar, null, 404);
        w.bytes(pete, "GET", "/api/v1/users/{id}/avatar", "/api/v1/users/999999/avatar", null, 404);
        w.call(olga, "DELETE", "/api/v1/me/avatar", "/api/v1/me/avatar", null, 200);
        w.call(
                olga,
                "POST",
                "/api/v1/blocks",
                "/api/v1/blocks",
                "{\"userId\":" + pete.user().id() + "}",
                204);
        w.call(olga, "POST", "/api/v1/blocks", "/api/v1/blocks", "{\"userId\":999999}", 404);
        w.call(olga, "POST", "/api/v1/blocks", "/api/v1/blocks", "{\"userId\":" + olgaId + "}", 400);
        w.call(olga, "GET", "/api/v1/blocks", "/api/v1/blocks", null, 200);
        w.call(pete, "POST", "/api/v1/rooms/direct", "/api/v1/rooms/direct", "{\"userId\":" + olgaId + "}", 403);
        w.call(
                pete,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"blocked-1\",\"text\":\"hi\"}",
                403);
        w.call(
                olga,
                "DELETE",
                "/api/v1/blocks/{id}",
                "/api/v1/blocks/" + pete.user().id(),
                null,
                204);
    }

    /** Notification levels, push targets and QR-code login (issue 11). */
    private static void walkNotifications(Walk w, ConfabClient olga, ConfabClient pete, long dm) {
        w.call(olga, "GET", "/api/v1/notifications", "/api/v1/notifications", null, 200);
        w.call(
                olga,
                "PATCH",
                "/api/v1/notifications",
                "/api/v1/notifications",
                "{\"level\":\"mentions\",\"previews\":false}",
                200);
        w.call(olga, "PATCH", "/api/v1/notifications", "/api/v1/notifications", "{\"level\":\"loud\"}", 400);
        String until = java.time.Instant.now().plusSeconds(600).toString();
        w.call(
                olga,
                "PUT",
                "/api/v1/rooms/{id}/notifications",
                "/api/v1/rooms/" + dm + "/notifications",
                "{\"level\":\"none\",\"mutedUntil\":\"" + until + "\"}",
                200);
        w.call(
                olga,
                "PUT",
                "/api/v1/rooms/{id}/notifications",
                "/api/v1/rooms/999999/notifications",
                "{\"level\":\"all\"}",
                404);
        w.call(olga, "GET", "/api/v1/notifications", "/api/v1/notifications", null, 200);
        w.call(olga, "GET", "/api/v1/push/vapid-key", "/api/v1/push/vapid-key", null, 200);
        dev.confab.push.FakePushService.Browser browser;
        try {
            browser = new dev.confab.push.FakePushService.Browser();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        RawResponse sub = w.call(
                olga,
                "POST",
                "/api/v1/push/subscriptions",
                "/api/v1/push/subscriptions",
                browser.subscription("http://127.0.0.1:9/push/olga"),
                201);
        w.call(
                olga,
                "POST",
                "/api/v1/push/subscriptions",
                "/api/v1/push/subscriptions",
                browser.subscription("https://evil.example/x"),
                400);
        w.call(
                olga,
                "POST",
                "/api/v1/push/devices",
                "/api/v1/push/devices",
                "{\"appId\":\"dev.confab.ios\",\"pushkey\":\"k\"}",
                409);
        w.call(olga, "GET", "/api/v1/push/targets", "/api/v1/push/targets", null, 200);
        long target = Json.readObject(sub.body()).get("id").asLong();
        w.call(olga, "DELETE", "/api/v1/push/targets/{id}", "/api/v1/push/targets/" + target, null, 204);
        w.call(olga, "DELETE", "/api/v1/push/targets/{id}", "/api/v1/push/targets/" + target, null, 404);

        try (var device = new dev.confab.testing.PairingDevice(server.base(), "contract")) {
            JsonNode p = device.frame("pairing");
            String id = p.get("pairingId").asText();
            String code = p.get("checkCode").asText();
            String base = "/api/v1/pairing/" + id;
            w.call(olga, "POST", "/api/v1/pairing/{id}/inspect", base + "/inspect", null, 200);
            w.call(pete, "POST", "/api/v1/pairing/{id}/inspect", base + "/inspect", null, 404);
            w.call(
                    olga,
                    "POST",
                    "/api/v1/pairing/{id}/approve",
                    base + "/approve",
                    "{\"checkCode\":\"" + (code.equals("000000") ? "1" : "0") + "\"}",
                    403);
            w.call(olga, "POST", "/api/v1/pairing/{id}/approve", base + "/approve", "{}", 400);
            w.call(
                    olga,
                    "POST",
                    "/api/v1/pairing/{id}/approve",
                    base + "/approve",
                    "{\"checkCode\":\"" + code + "\"}",
                    200);
            w.call(olga, "POST", "/api/v1/pairing/{id}/reject", base + "/reject", null, 404);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (var device = new dev.confab.testing.PairingDevice(server.base(), "refused")) {
            String id = device.frame("pairing").get("pairingId").asText();
            w.call(olga, "POST", "/api/v1/pairing/{id}/reject", "/api/v1/pairing/" + id + "/reject", null, 204);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads, media messages and downloads (issue 9); Olga and Pete share the direct room {@code dm}. */
    private static void walkMedia(Walk w, ConfabClient olga, ConfabClient pete, long dm) {
        String upload = "/api/v1/media?name=pic.png";
        JsonNode image = w.bytes(olga, "POST", "/api/v1/media", upload, TestImages.png(40, 30), 201);
        w.bytes(olga, "POST", "/api/v1/media", upload, Arrays.copyOf(TestImages.png(8, 8), 20), 400);
        w.bytes(olga, "POST", "/api/v1/media", "/api/v1/media?width=0", TestImages.png(8, 8), 400);
        JsonNode page = w.bytes(
                olga,
                "POST",
                "/api/v1/media",
                "/api/v1/media?name=page.png",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8),
                201);
        JsonNode spare = w.bytes(
                olga, "POST", "/api/v1/media", "/api/v1/media", "%PDF-1.4".getBytes(StandardCharsets.UTF_8), 201);
        long id = image.get("id").asLong();
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"media-1\",\"mediaId\":" + id + ",\"text\":\"a picture\"}",
                201);
        w.call(
                olga,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"media-2\",\"mediaId\":" + page.get("id").asLong() + "}",
                201);
        w.call(
                pete,
                "POST",
                "/api/v1/rooms/{id}/messages",
                "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"media-3\",\"mediaId\":" + id + "}",
                404);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages?limit=100", null, 200);
        w.bytes(pete, "GET", "/api/v1/media/{id}", "/api/v1/media/" + id, null, 200);
        w.bytes(
                pete,
                "GET",
                "/api/v1/media/{id}",
                "/api/v1/media/" + page.get("id").asLong(),
                null,
                200);
        w.bytes(pete, "GET", "/api/v1/media/{id}/thumbnail", "/api/v1/media/" + id + "/thumbnail", null, 200);
        w.bytes(
                pete,
                "GET",
                "/api/v1/media/{id}",
                "/api/v1/media/" + spare.get("id").asLong(),
                null,
                404);
        w.bytes(pete, "GET", "/api/v1/media/{id}/thumbnail", "/api/v1/media/999999/thumbnail", null, 404);
        w.call(
                pete,
                "DELETE",
                "/api/v1/media/{id}",
                "/api/v1/media/" + spare.get("id").asLong(),
                null,
                404);
        w.call(
                olga,
                "DELETE",
                "/api/v1/media/{id}",
                "/api/v1/media/" + spare.get("id").asLong(),
                null,
                204);
    }

    /** Calls a route, checks the status is the expected one and documented, and the body matches its schema. */
    private static final class Walk {
        final Set<String> covered = new TreeSet<>();

        RawResponse call(ConfabClient who, String method, String template, String path, String body, int expected) {
            RawResponse r = who.raw(method, path, body);
            String what = method + " " + path + " -> " + r.status() + " " + r.body();
            assertThat(r.status()).as(what).isEqualTo(expected);
            JsonNode schema = api.responseSchema(method, template, r.status());
            assertThat(schema).as("status documented: " + what).isNotNull();
            if (!schema.isMissingNode()) {
                assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
                assertThat(api.validate(Json.readObject(r.body()), schema))
                        .as(what)
                        .isEmpty();
            } else {
                assertThat(r.body()).as("no body documented: " + what).isEmpty();
            }
            covered.add(method + " " + template);
            return r;
        }

        /** Like {@link #call} for raw bytes: an answer that is not JSON must have a documented media type. */
        JsonNode bytes(ConfabClient who, String method, String template, String path, byte[] body, int expected) {
            BinaryResponse r = who.rawBytes(method, path, body, body == null ? null : "application/octet-stream");
            String type = r.header("Content-Type");
            String what = method + " " + path + " -> " + r.status() + " " + type;
            assertThat(r.status()).as(what).isEqualTo(expected);
            JsonNode content = api.responseContent(method, template, r.status());
            assertThat(content).as("status documented: " + what).isNotNull();
            String mediaType = type == null ? "" : type.split(";")[0].trim();
            assertThat(content.has(mediaType))
                    .as("media type documented: " + what)
                    .isTrue();
            covered.add(method + " " + template);
            if (mediaType.equals("application/json")) {
                JsonNode json = Json.readObject(new String(r.body(), StandardCharsets.UTF_8));
                assertThat(api.validate(json, content.get(mediaType).get("schema")))
                        .as(what)
                        .isEmpty();
                return json;
            }
            return null;
        }
    }
}
