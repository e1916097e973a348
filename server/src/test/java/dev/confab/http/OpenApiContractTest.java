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
import java.nio.charset.StandardCharsets;
import dev.confab.testing.TestServer;
import dev.confab.wire.Json;
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
        server = TestServer.start(StoreKind.SQLITE);
        api = OpenApiSchema.load(OPENAPI);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDocumentListsExactlyTheServersRoutes() {
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = api.root().path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (!path.startsWith("/api/")) continue;
            api.root().path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
        }
        Set<String> served = new TreeSet<>();
        server.server().routes().forEach(r -> served.add(r.method() + " " + r.path()));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void errorCodesAreTheServersAndEachIsExplainedInTheProtocol() throws Exception {
        Set<String> documented = new TreeSet<>();
        api.root().at("/components/schemas/Error/properties/error/properties/code/enum").forEach(c -> documented.add(c.asText()));
        Set<String> server = new TreeSet<>(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList());
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
        RawResponse signup = w.call(anon, "POST", "/api/v1/auth/signup", "/api/v1/auth/signup",
                "{\"username\":\"olga\",\"password\":\"long enough\",\"displayName\":\"Olga\",\"device\":\"phone\"}", 201);
        w.call(anon, "POST", "/api/v1/auth/signup", "/api/v1/auth/signup",
                "{\"username\":\"olga\",\"password\":\"long enough\",\"device\":\"phone\"}", 409);
        ConfabClient olga = ConfabClient.withToken(server.base(), Json.readObject(signup.body()).get("token").asText());
        ConfabClient pete = server.newUser("Pete");
        RawResponse login = w.call(anon, "POST", "/api/v1/auth/login", "/api/v1/auth/login",
                "{\"username\":\"olga\",\"password\":\"long enough\",\"device\":\"laptop\"}", 200);
        w.call(anon, "POST", "/api/v1/auth/login", "/api/v1/auth/login", "{\"username\":\"olga\",\"password\":\"wrong one\"}", 401);
        ConfabClient laptop = ConfabClient.withToken(server.base(), Json.readObject(login.body()).get("token").asText());
        long laptopSession = Json.readObject(login.body()).at("/session/id").asLong();

        w.call(olga, "GET", "/api/v1/sessions", "/api/v1/sessions", null, 200);
        w.call(olga, "GET", "/api/v1/me", "/api/v1/me", null, 200);
        w.call(olga, "PATCH", "/api/v1/me", "/api/v1/me", "{\"displayName\":\"Olga O.\"}", 200);
        w.call(olga, "GET", "/api/v1/users", "/api/v1/users?prefix=ol", null, 200);
        w.call(olga, "GET", "/api/v1/users/{id}", "/api/v1/users/" + pete.user().id(), null, 200);
        w.call(olga, "GET", "/api/v1/users/{id}", "/api/v1/users/999999", null, 404);

        RawResponse direct = w.call(olga, "POST", "/api/v1/rooms/direct", "/api/v1/rooms/direct", "{\"userId\":" + pete.user().id() + "}", 201);
        w.call(olga, "POST", "/api/v1/rooms/direct", "/api/v1/rooms/direct", "{\"userId\":" + pete.user().id() + "}", 200);
        long dm = Json.readObject(direct.body()).get("id").asLong();
        RawResponse group = w.call(olga, "POST", "/api/v1/rooms", "/api/v1/rooms", "{\"name\":\"g\",\"description\":\"d\"}", 201);
        long g = Json.readObject(group.body()).get("id").asLong();
        w.call(olga, "POST", "/api/v1/rooms/{id}/members", "/api/v1/rooms/" + g + "/members", "{\"userIds\":[" + pete.user().id() + "]}", 200);
        w.call(pete, "POST", "/api/v1/rooms/{id}/members", "/api/v1/rooms/" + g + "/members", "{\"userIds\":[" + pete.user().id() + "]}", 403);
        w.call(olga, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages", "{\"clientId\":\"o1\",\"text\":\"hi\"}", 201);
        w.call(olga, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages", "{\"clientId\":\"o1\",\"text\":\"hi\"}", 200);
        w.call(olga, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages", "{\"clientId\":\"o2\"}", 400);
        w.call(olga, "GET", "/api/v1/rooms", "/api/v1/rooms", null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}", "/api/v1/rooms/" + dm, null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}", "/api/v1/rooms/999999", null, 404);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages?limit=10", null, 200);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages?limit=1000", null, 400);
        w.call(pete, "POST", "/api/v1/rooms/{id}/received", "/api/v1/rooms/" + dm + "/received", "{\"seq\":2}", 200);
        w.call(pete, "POST", "/api/v1/rooms/{id}/read", "/api/v1/rooms/" + dm + "/read", "{\"seq\":2}", 200);
        w.call(olga, "GET", "/api/v1/rooms/{id}/messages/{seq}/receipts", "/api/v1/rooms/" + dm + "/messages/2/receipts", null, 200);
        w.call(pete, "GET", "/api/v1/unread", "/api/v1/unread", null, 200);
        w.call(pete, "GET", "/api/v1/sync", "/api/v1/sync?since=0&limit=50", null, 200);
        // groups: info, roles, invites, bans, pins, deletion, the directory
        ConfabClient quinn = server.newUser("Quinn");
        String room = "/api/v1/rooms/" + g;
        w.call(olga, "PATCH", "/api/v1/rooms/{id}", room, "{\"name\":\"g2\",\"visibility\":\"public\",\"history\":\"joined\"}", 200);
        w.call(pete, "PATCH", "/api/v1/rooms/{id}", room, "{\"name\":\"mine now\"}", 403);
        w.call(olga, "PATCH", "/api/v1/rooms/{id}", room, "{\"history\":\"sometimes\"}", 400);
        w.call(olga, "GET", "/api/v1/directory", "/api/v1/directory?q=g2", null, 200);
        w.call(quinn, "POST", "/api/v1/rooms/{id}/join", room + "/join", null, 200);
        w.call(quinn, "POST", "/api/v1/rooms/{id}/leave", room + "/leave", null, 204);
        w.call(olga, "POST", "/api/v1/rooms/{id}/leave", room + "/leave", null, 409);
        w.call(olga, "PATCH", "/api/v1/rooms/{id}/members/{userId}", room + "/members/" + pete.user().id(), "{\"role\":\"moderator\"}", 200);
        w.call(olga, "PATCH", "/api/v1/rooms/{id}/members/{userId}", room + "/members/" + quinn.user().id(), "{\"role\":\"admin\"}", 404);
        RawResponse invite = w.call(olga, "POST", "/api/v1/rooms/{id}/invites", room + "/invites", "{\"maxUses\":3,\"expiresInSeconds\":600}", 201);
        String code = Json.readObject(invite.body()).get("code").asText();
        w.call(olga, "GET", "/api/v1/rooms/{id}/invites", room + "/invites", null, 200);
        w.call(quinn, "GET", "/api/v1/invites/{code}", "/api/v1/invites/" + code, null, 200);
        w.call(quinn, "GET", "/api/v1/invites/{code}", "/api/v1/invites/nope", null, 404);
        w.call(quinn, "POST", "/api/v1/invites/{code}/join", "/api/v1/invites/" + code + "/join", null, 200);
        w.call(pete, "DELETE", "/api/v1/rooms/{id}/members/{userId}", room + "/members/" + quinn.user().id(), null, 204);
        w.call(olga, "POST", "/api/v1/rooms/{id}/bans", room + "/bans", "{\"userId\":" + quinn.user().id() + "}", 204);
        w.call(olga, "GET", "/api/v1/rooms/{id}/bans", room + "/bans", null, 200);
        w.call(quinn, "POST", "/api/v1/invites/{code}/join", "/api/v1/invites/" + code + "/join", null, 403);
        w.call(olga, "DELETE", "/api/v1/rooms/{id}/bans/{userId}", room + "/bans/" + quinn.user().id(), null, 204);
        w.call(olga, "DELETE", "/api/v1/rooms/{id}/invites/{code}", room + "/invites/" + code, null, 204);
        w.call(olga, "DELETE", "/api/v1/rooms/{id}/invites/{code}", room + "/invites/" + code, null, 404);
        w.call(quinn, "POST", "/api/v1/invites/{code}/join", "/api/v1/invites/" + code + "/join", null, 404);
        RawResponse posted = w.call(pete, "POST", "/api/v1/rooms/{id}/messages", room + "/messages", "{\"clientId\":\"p1\",\"text\":\"pin me\"}", 201);
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
        walkMedia(w, olga, pete, dm);

        w.call(olga, "DELETE", "/api/v1/sessions/{id}", "/api/v1/sessions/" + laptopSession, null, 204);
        w.call(olga, "DELETE", "/api/v1/sessions/{id}", "/api/v1/sessions/" + laptopSession, null, 404);
        w.call(laptop, "GET", "/api/v1/me", "/api/v1/me", null, 401);
        w.call(olga, "POST", "/api/v1/auth/logout", "/api/v1/auth/logout", null, 204);

        Set<String> served = new TreeSet<>();
        server.server().routes().forEach(r -> served.add(r.method() + " " + r.path()));
        assertThat(w.covered).as("the walk reaches every route").isEqualTo(served);
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
        w.call(olga, "POST", "/api/v1/blocks", "/api/v1/blocks", "{\"userId\":" + pete.user().id() + "}", 204);
        w.call(olga, "POST", "/api/v1/blocks", "/api/v1/blocks", "{\"userId\":999999}", 404);
        w.call(olga, "POST", "/api/v1/blocks", "/api/v1/blocks", "{\"userId\":" + olgaId + "}", 400);
        w.call(olga, "GET", "/api/v1/blocks", "/api/v1/blocks", null, 200);
        w.call(pete, "POST", "/api/v1/rooms/direct", "/api/v1/rooms/direct", "{\"userId\":" + olgaId + "}", 403);
        w.call(pete, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages", "{\"clientId\":\"blocked-1\",\"text\":\"hi\"}", 403);
        w.call(olga, "DELETE", "/api/v1/blocks/{id}", "/api/v1/blocks/" + pete.user().id(), null, 204);
    }

    /** Uploads, media messages and downloads (issue 9); Olga and Pete share the direct room {@code dm}. */
    private static void walkMedia(Walk w, ConfabClient olga, ConfabClient pete, long dm) {
        String upload = "/api/v1/media?name=pic.png";
        JsonNode image = w.bytes(olga, "POST", "/api/v1/media", upload, TestImages.png(40, 30), 201);
        w.bytes(olga, "POST", "/api/v1/media", upload, Arrays.copyOf(TestImages.png(8, 8), 20), 400);
        w.bytes(olga, "POST", "/api/v1/media", "/api/v1/media?width=0", TestImages.png(8, 8), 400);
        JsonNode page = w.bytes(olga, "POST", "/api/v1/media", "/api/v1/media?name=page.png",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), 201);
        JsonNode spare = w.bytes(olga, "POST", "/api/v1/media", "/api/v1/media", "%PDF-1.4".getBytes(StandardCharsets.UTF_8), 201);
        long id = image.get("id").asLong();
        w.call(olga, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"m1\",\"mediaId\":" + id + ",\"text\":\"a picture\"}", 201);
        w.call(olga, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"m2\",\"mediaId\":" + page.get("id").asLong() + "}", 201);
        w.call(pete, "POST", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages",
                "{\"clientId\":\"m3\",\"mediaId\":" + id + "}", 404);
        w.call(pete, "GET", "/api/v1/rooms/{id}/messages", "/api/v1/rooms/" + dm + "/messages?limit=100", null, 200);
        w.bytes(pete, "GET", "/api/v1/media/{id}", "/api/v1/media/" + id, null, 200);
        w.bytes(pete, "GET", "/api/v1/media/{id}", "/api/v1/media/" + page.get("id").asLong(), null, 200);
        w.bytes(pete, "GET", "/api/v1/media/{id}/thumbnail", "/api/v1/media/" + id + "/thumbnail", null, 200);
        w.bytes(pete, "GET", "/api/v1/media/{id}", "/api/v1/media/" + spare.get("id").asLong(), null, 404);
        w.bytes(pete, "GET", "/api/v1/media/{id}/thumbnail", "/api/v1/media/999999/thumbnail", null, 404);
        w.call(pete, "DELETE", "/api/v1/media/{id}", "/api/v1/media/" + spare.get("id").asLong(), null, 404);
        w.call(olga, "DELETE", "/api/v1/media/{id}", "/api/v1/media/" + spare.get("id").asLong(), null, 204);
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
                assertThat(api.validate(Json.readObject(r.body()), schema)).as(what).isEmpty();
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
            assertThat(content.has(mediaType)).as("media type documented: " + what).isTrue();
            covered.add(method + " " + template);
            if (mediaType.equals("application/json")) {
                JsonNode json = Json.readObject(new String(r.body(), StandardCharsets.UTF_8));
                assertThat(api.validate(json, content.get(mediaType).get("schema"))).as(what).isEmpty();
                return json;
            }
            return null;
        }
    }
}
