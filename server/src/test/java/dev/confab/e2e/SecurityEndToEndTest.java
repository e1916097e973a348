package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.RawResponse;
import dev.confab.client.Room;
import dev.confab.http.RestApi;
import dev.confab.testing.RawWebSocket;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import dev.confab.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way in is checked: no credentials, someone else's room, malformed input. Each refusal has
 * its stable code, leaks nothing, and leaves the connection and the data as they were.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SecurityEndToEndTest {
    @Parameter
    StoreKind kind;

    TestServer server;
    ConfabClient alice, bob, eve;
    Room room;

    @BeforeEach
    void start() {
        server = TestServer.start(kind, Map.of("limits.frameBytes", "4096", "limits.textLength", "100"));
        alice = server.newUser("Alice");
        bob = server.newUser("Bob");
        eve = server.newUser("Eve");
        room = alice.createGroup("private", "alice and bob", List.of(bob.user().id()));
        alice.postMessage(room.id(), "a-1", "secret");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRestRouteRefusesAMissingOrBadToken() {
        ConfabClient anonymous = ConfabClient.withToken(server.base(), null);
        ConfabClient forged = ConfabClient.withToken(server.base(), "not-a-real-token");
        for (RestApi.Route route : server.server().routes()) {
            if (route.path().startsWith("/api/v1/auth/sign") || route.path().equals("/api/v1/auth/login")) continue;
            String path = route.path().replaceAll("\\{[A-Za-z]+}", "1");
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
            for (ConfabClient caller : List.of(anonymous, forged)) {
                RawResponse r = caller.raw(route.method(), path, body);
                assertThat(r.status()).as(route.toString()).isEqualTo(401);
                assertThat(code(r)).as(route.toString()).isEqualTo("unauthenticated");
            }
        }
    }

    @Test
    void aSocketWithoutAValidTokenIsRefusedAtTheUpgrade() throws Exception {
        for (String token : new String[] {null, "forged"}) {
            assertThatThrownBy(
                            () -> ConfabClient.withToken(server.base(), token).connect(new SocketRecorder()))
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        eve.logout();
        assertThatThrownBy(() -> eve.connect(new SocketRecorder()))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void anOutsiderCannotReadWriteOrEvenDetectARoomOverRest() {
        long missing = room.id() + 1000;
        String[][] calls = {
            {"GET", "/api/v1/rooms/%d", null},
            {"GET", "/api/v1/rooms/%d/messages", null},
            {"POST", "/api/v1/rooms/%d/messages", "{\"clientId\":\"e-1\",\"text\":\"let me in\"}"},
            {"POST", "/api/v1/rooms/%d/members", "{\"userIds\":[" + eve.user().id() + "]}"},
            {"POST", "/api/v1/rooms/%d/read", "{\"seq\":2}"},
            {"POST", "/api/v1/rooms/%d/received", "{\"seq\":2}"},
            {"GET", "/api/v1/rooms/%d/messages/2/receipts", null},
        };
        for (String[] call : calls) {
            RawResponse real = eve.raw(call[0], String.format(call[1], room.id()), call[2]);
            RawResponse none = eve.raw(call[0], String.format(call[1], missing), call[2]);
            assertThat(real.status()).as(call[1]).isEqualTo(404);
            assertThat(code(real)).as(call[1]).isEqualTo("room_not_found");
            assertThat(real.body())
                    .as("a real room looks exactly like a missing one")
                    .isEqualTo(none.body());
        }
        assertThat(eve.chatList(50).rooms()).isEmpty();
        assertThat(eve.sync(0, 500).events())
                .noneMatch(e -> e.message() != null && e.message().roomId() == room.id());
        assertThat(eve.unread().total()).isZero();
        // nothing Eve tried left a trace
        assertThat(alice.history(room.id(), null, null, 100).messages()).hasSize(2);
        assertThat(alice.room(room.id()).members()).hasSize(2);
    }

    @Test
    void anOutsiderCannotUseTheRoomOverTheSocketEither() throws Exception {
        SocketRecorder eveIn = new SocketRecorder();
        SocketRecorder aliceIn = new SocketRecorder();
        try (ChatSocket e = eve.connect(eveIn);
                ChatSocket a = alice.connect(aliceIn)) {
            e.hello().get(5, TimeUnit.SECONDS);
            a.hello().get(5, TimeUnit.SECONDS);
            for (String frame : List.of(
                    "{\"type\":\"send\",\"ref\":\"s\",\"roomId\":%d,\"clientId\":\"e-2\",\"text\":\"hi\"}",
                    "{\"type\":\"history\",\"ref\":\"h\",\"roomId\":%d}",
                    "{\"type\":\"read\",\"ref\":\"r\",\"roomId\":%d,\"seq\":2}",
                    "{\"type\":\"received\",\"ref\":\"d\",\"roomId\":%d,\"seq\":2}")) {
                String text = String.format(frame, room.id());
                e.sendRaw(text);
                JsonNode reply =
                        eveIn.reply(Json.MAPPER.readTree(text).get("ref").asText());
                assertThat(reply).as(text).isNotNull();
                assertThat(reply.get("code").asText()).as(text).isEqualTo("room_not_found");
            }
            a.send(room.id(), "a-2", "still private").get(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            assertThat(eveIn.messages).isEmpty();
            assertThat(eveIn.receipts).isEmpty();
        }
        assertThat(alice.history(room.id(), null, null, 100).messages())
                .extracting(m -> m.senderId())
                .doesNotContain(eve.user().id());
    }

    @Test
    void badFramesGetTheirErrorCodeAndTheSocketStaysUsable() throws Exception {
        String tooLongText = "x".repeat(101);
        String[][] cases = {
            {"{\"type\":\"nope\",\"ref\":\"1\"}", "bad_frame"},
            {"{\"ref\":\"2\"}", "bad_frame"},
            {"{\"type\":\"send\",\"ref\":\"3\",\"roomId\":\"three\",\"clientId\":\"c\",\"text\":\"t\"}", "bad_frame"},
            {"{\"type\":\"send\",\"ref\":\"4\",\"roomId\":%d,\"clientId\":\"c\"}", "invalid_field"},
            {"{\"type\":\"send\",\"ref\":\"5\",\"roomId\":%d,\"clientId\":\"bad id!\",\"text\":\"t\"}", "invalid_field"
            },
            {"{\"type\":\"send\",\"ref\":\"6\",\"roomId\":%d,\"clientId\":\"c6\",\"text\":\"   \"}", "invalid_field"},
            {
                "{\"type\":\"send\",\"ref\":\"7\",\"roomId\":%d,\"clientId\":\"c7\",\"text\":\"" + tooLongText + "\"}",
                "text_too_long"
            },
            {
                "{\"type\":\"send\",\"ref\":\"8\",\"roomId\":%d,\"clientId\":\"c8\",\"text\":\"a\\ud800b\"}",
                "invalid_field"
            },
            {
                "{\"type\":\"send\",\"ref\":\"9\",\"roomId\":%d,\"clientId\":\"c9\",\"text\":\"a\\u0000b\"}",
                "invalid_field"
            },
            {"{\"type\":\"history\",\"ref\":\"10\",\"roomId\":%d,\"limit\":101}", "limit_too_large"},
            {"{\"type\":\"sync\",\"ref\":\"11\",\"since\":0,\"limit\":501}", "limit_too_large"},
            {"{\"type\":\"read\",\"ref\":\"12\",\"roomId\":%d,\"seq\":-1}", "invalid_field"},
            {"{\"type\":\"ping\",\"ref\":\"13\",\"pad\":\"" + "p".repeat(5000) + "\"}", "frame_too_large"},
            {
                "{\"type\":\"send\",\"ref\":\"14\",\"roomId\":%d,\"clientId\":\"c14\",\"text\":{\"nested\":true}}",
                "bad_frame"
            },
            {"{\"type\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}", "invalid_field"},
        };
        SocketRecorder in = new SocketRecorder();
        try (ChatSocket s = bob.connect(in)) {
            s.hello().get(5, TimeUnit.SECONDS);
            for (String[] c : cases) {
                String frame = String.format(c[0], room.id());
                int before = in.frames.size();
                s.sendRaw(frame);
                JsonNode reply = awaitErrorAfter(in, before);
                assertThat(reply.get("type").asText()).as(frame).isEqualTo("error");
                assertThat(reply.get("code").asText()).as(frame).isEqualTo(c[1]);
                assertThat(reply.get("message").asText()).as(frame).isNotBlank();
                // the reply names the request, unless the request was refused before its ref could be trusted
                boolean refUsable = !c[1].equals("frame_too_large") && !frame.contains("\"" + "r".repeat(65));
                if (refUsable && frame.contains("\"ref\""))
                    assertThat(reply.path("ref").asText())
                            .as(frame)
                            .isEqualTo(Json.readObject(frame).get("ref").asText());
                else assertThat(reply.has("ref")).as(frame).isFalse();
            }
            for (String junk : List.of("not json", "[1,2,3]", "\"a string\"", "{\"type\":\"ping\"} trailing", "{")) {
                int before = in.frames.size();
                s.sendRaw(junk);
                assertThat(awaitErrorAfter(in, before).get("code").asText())
                        .as(junk)
                        .isEqualTo("bad_json");
            }
            assertThat(s.isOpen()).isTrue();
            s.ping().get(5, TimeUnit.SECONDS);
            assertThat(s.send(room.id(), "b-ok", "after all that")
                            .get(5, TimeUnit.SECONDS)
                            .message()
                            .seq())
                    .isEqualTo(3);
        }
        assertThat(alice.history(room.id(), null, null, 100).messages())
                .extracting(m -> m.clientId())
                .containsExactly(null, "a-1", "b-ok");
    }

    @Test
    void aTextFrameThatIsNotUtf8ClosesThatSocketOnlyAsTheWebSocketRfcRequires() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(server.base(), bob.token())) {
            assertThat(raw.upgradeStatus).isEqualTo(101);
            raw.sendText(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertThat(raw.awaitCloseCode()).isEqualTo(1007);
        }
        SocketRecorder in = new SocketRecorder();
        try (ChatSocket s = bob.connect(in)) {
            s.hello().get(5, TimeUnit.SECONDS);
            assertThat(s.send(room.id(), "b-1", "fine")
                            .get(5, TimeUnit.SECONDS)
                            .message()
                            .seq())
                    .isEqualTo(3);
        }
    }

    @Test
    void restRefusesMalformedBodiesWithStableCodes() {
        String messages = "/api/v1/rooms/" + room.id() + "/messages";
        Object[][] cases = {
            {"POST", messages, "not json", 400, "bad_json"},
            {"POST", messages, "[]", 400, "bad_json"},
            {"POST", messages, "{\"clientId\":7,\"text\":\"t\"}", 400, "bad_frame"},
            {"POST", messages, "{\"clientId\":\"c1\"}", 400, "invalid_field"},
            {"POST", messages, "{\"clientId\":\"c1\",\"text\":\"" + "y".repeat(101) + "\"}", 400, "text_too_long"},
            {"GET", messages + "?limit=101", null, 400, "limit_too_large"},
            {"GET", messages + "?limit=0", null, 400, "invalid_field"},
            {"GET", messages + "?before=abc", null, 400, "invalid_field"},
            {"GET", "/api/v1/rooms/abc", null, 400, "invalid_field"},
            {"GET", "/api/v1/sync?limit=501", null, 400, "limit_too_large"},
            {"POST", "/api/v1/rooms", "{\"name\":\"\"}", 400, "invalid_field"},
            {"POST", "/api/v1/rooms", "{\"name\":\"n\",\"memberIds\":\"all\"}", 400, "bad_frame"},
            {"POST", "/api/v1/rooms", "{\"name\":\"n\",\"memberIds\":[999999]}", 404, "user_not_found"},
            {"POST", "/api/v1/rooms/direct", "{\"userId\":" + bob.user().id() + "}", 400, "direct_self"},
            {"POST", "/api/v1/rooms/direct", "{\"userId\":" + alice.user().id() + "} {}", 400, "bad_json"},
            {"POST", "/api/v1/rooms/direct", "{\"userId\":" + alice.user().id() + "}", 201, null},
            {"GET", "/api/v1/nothing-here", null, 404, "not_found"},
        };
        for (Object[] c : cases) {
            RawResponse r = bob.raw((String) c[0], (String) c[1], (String) c[2]);
            assertThat(r.status()).as(c[0] + " " + c[1] + " " + c[2]).isEqualTo(c[3]);
            if (c[4] != null) {
                assertThat(code(r)).as(c[0] + " " + c[1]).isEqualTo(c[4]);
                assertThat(Json.readObject(r.body())
                                .path("error")
                                .path("message")
                                .asText())
                        .isNotBlank();
            }
        }
        assertThat(alice.history(room.id(), null, null, 100).messages()).hasSize(2);
    }

    @Test
    void restRefusesABodyThatIsNotUtf8() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        byte[] body = "{\"clientId\":\"u1\",\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        var request = java.net.http.HttpRequest.newBuilder(
                        server.base().resolve("/api/v1/rooms/" + room.id() + "/messages"))
                .header("Authorization", "Bearer " + bob.token())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.readObject(response.body()).path("error").path("code").asText())
                .isEqualTo("bad_encoding");
        assertThat(alice.history(room.id(), null, null, 100).messages()).hasSize(2);
    }

    @Test
    void memberButNotAllowedIsForbiddenAndSaysSo() {
        RawResponse r = bob.raw(
                "POST",
                "/api/v1/rooms/" + room.id() + "/members",
                "{\"userIds\":[" + eve.user().id() + "]}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(code(r)).isEqualTo("forbidden");
        assertThat(alice.room(room.id()).members()).hasSize(2);
    }

    private static JsonNode awaitErrorAfter(SocketRecorder in, int before) {
        SocketRecorder.await(java.time.Duration.ofSeconds(5), () -> in.frames.size() > before);
        assertThat(in.frames.size()).as("a reply arrived").isGreaterThan(before);
        return in.frames.get(before);
    }

    private static String code(RawResponse r) {
        return Json.readObject(r.body()).path("error").path("code").asText();
    }
}
