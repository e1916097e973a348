package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.RawResponse;
import dev.confab.client.Room;
import dev.confab.push.FakePushService;
import dev.confab.push.FakePushService.Browser;
import dev.confab.push.FakePushService.Request;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
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
 * Notification levels, in-app notification frames, Web Push and the push gateway, end to end on
 * each store: a real server, real sockets, and a local push service that decrypts every push with
 * code independent of the server's and checks its VAPID token.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class NotificationsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    StoreKind kind;

    FakePushService push;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        push = new FakePushService();
        server = TestServer.start(
                kind,
                Map.of(
                        "push.allowedEndpoints",
                        push.origin(),
                        "push.retryBaseMillis",
                        "50",
                        "push.gatewayUrl",
                        push.origin() + "/gateway",
                        "push.maxAttempts",
                        "5"));
    }

    @AfterEach
    void stop() {
        server.close();
        push.close();
    }

    private static JsonNode json(RawResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static RawResponse ok(RawResponse r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r;
    }

    private String endpoint(String name) {
        return push.origin() + "/push/" + name;
    }

    /** Subscribes the client's session with a new browser's keys at {@code /push/<name>}. */
    private Browser subscribe(ConfabClient who, String name) throws Exception {
        Browser b = new Browser();
        ok(who.raw("POST", "/api/v1/push/subscriptions", b.subscription(endpoint(name))), 201);
        return b;
    }

    private List<JsonNode> opened(Browser b, String name) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (Request r : push.to("/push/" + name)) out.add(b.open(r));
        return out;
    }

    @Test
    void levelsAreReadAndSetAndReachMyOtherDevicesLive() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room dm = alice.directRoom(bob.user().id());
        JsonNode initial = json(ok(alice.raw("GET", "/api/v1/notifications", null), 200));
        assertThat(initial.get("level").asText()).isEqualTo("all");
        assertThat(initial.get("previews").asBoolean()).isTrue();
        assertThat(initial.get("rooms")).isEmpty();

        SocketRecorder laptop = new SocketRecorder();
        try (ChatSocket s = server.login(alice, "laptop").connect(laptop)) {
            s.hello().get(5, TimeUnit.SECONDS);
            String until = Instant.now()
                    .plusSeconds(3600)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString();
            JsonNode room = json(ok(
                    alice.raw(
                            "PUT",
                            "/api/v1/rooms/" + dm.id() + "/notifications",
                            "{\"level\":\"mentions\",\"mutedUntil\":\"" + until + "\"}"),
                    200));
            assertThat(room.get("level").asText()).isEqualTo("mentions");
            assertThat(Instant.parse(room.get("mutedUntil").asText())).isEqualTo(Instant.parse(until));
            assertThat(await(
                            WAIT,
                            () -> laptop.frames.stream()
                                    .anyMatch(f -> f.path("type").asText().equals("notifications")
                                            && f.at("/settings/rooms/0/level")
                                                    .asText()
                                                    .equals("mentions"))))
                    .as("my other device hears of it")
                    .isTrue();

            JsonNode account = json(
                    ok(alice.raw("PATCH", "/api/v1/notifications", "{\"level\":\"none\",\"previews\":false}"), 200));
            assertThat(account.get("level").asText()).isEqualTo("none");
            assertThat(account.get("previews").asBoolean()).isFalse();
            assertThat(account.at("/rooms/0/roomId").asLong()).isEqualTo(dm.id());
            assertThat(await(
                            WAIT,
                            () -> laptop.frames.stream()
                                    .anyMatch(f -> f.path("type").asText().equals("notifications")
                                            && f.at("/settings/level").asText().equals("none"))))
                    .isTrue();

            // back to following the default, unmuted: the room no longer has its own setting
            ok(
                    alice.raw(
                            "PUT",
                            "/api/v1/rooms/" + dm.id() + "/notifications",
                            "{\"level\":null,\"mutedUntil\":null}"),
                    200);
            assertThat(json(alice.raw("GET", "/api/v1/notifications", null)).get("rooms"))
                    .isEmpty();
        }
        assertThat(json(ok(alice.raw("PATCH", "/api/v1/notifications", "{\"level\":\"loud\"}"), 400))
                        .at("/error/code")
                        .asText())
                .isEqualTo("invalid_field");
        ConfabClient eve = server.newUser("Eve");
        assertThat(json(ok(eve.raw("PUT", "/api/v1/rooms/" + dm.id() + "/notifications", "{\"level\":\"all\"}"), 404))
                        .at("/error/code")
                        .asText())
                .as("only members set a room's level")
                .isEqualTo("room_not_found");
        ok(alice.raw("PUT", "/api/v1/rooms/" + dm.id() + "/notifications", "{\"mutedUntil\":\"tomorrow\"}"), 400);
    }

    @Test
    void aReadOnOneDeviceReachesMyOtherDevicesToClearTheirBadge() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room dm = alice.directRoom(bob.user().id());
        SocketRecorder phoneIn = new SocketRecorder(), laptopIn = new SocketRecorder();
        try (ChatSocket phone = bob.connect(phoneIn);
                ChatSocket laptop = server.login(bob, "laptop").connect(laptopIn)) {
            phone.hello().get(5, TimeUnit.SECONDS);
            laptop.hello().get(5, TimeUnit.SECONDS);
            long seq = alice.postMessage(dm.id(), "m1", "hello @" + bob.user().username())
                    .message()
                    .seq();
            // what a device not showing the room needs for a notification and a badge: the message, with its mentions
            assertThat(await(
                            WAIT,
                            () -> laptopIn.texts().size() == 1
                                    && phoneIn.texts().size() == 1))
                    .isTrue();
            assertThat(laptopIn.texts().getFirst().seq()).isEqualTo(seq);
            assertThat(laptopIn.frames.stream()
                            .filter(f -> f.path("type").asText().equals("message"))
                            .findFirst()
                            .orElseThrow()
                            .at("/message/data/mentions/0")
                            .asLong())
                    .isEqualTo(bob.user().id());
            phone.read(dm.id(), seq).get(5, TimeUnit.SECONDS);
            assertThat(await(
                            WAIT,
                            () -> laptopIn.receipts.stream()
                                    .anyMatch(r -> r.userId() == bob.user().id() && r.read() == seq)))
                    .as("the laptop learns the phone read it")
                    .isTrue();
        }
    }

    @Test
    void webPushReachesADeviceWithoutASocketEncryptedSignedAndCollapsedPerRoom() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room dm = alice.directRoom(bob.user().id());
        Browser browser = subscribe(bob, "bob");
        String vapidKey = json(ok(bob.raw("GET", "/api/v1/push/vapid-key", null), 200))
                .get("publicKey")
                .asText();
        JsonNode targets =
                json(ok(bob.raw("GET", "/api/v1/push/targets", null), 200)).get("targets");
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).get("kind").asText()).isEqualTo("webpush");
        assertThat(targets.get(0).get("service").asText()).isEqualTo("127.0.0.1");
        assertThat(targets.get(0).toString())
                .as("the endpoint and keys stay secret")
                .doesNotContain("/push/bob")
                .doesNotContain("auth");

        long seq = alice.postMessage(dm.id(), "a1", "hi bob").message().seq();
        assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() == 1)).isTrue();
        Request r = push.to("/push/bob").getFirst();
        assertThat(FakePushService.verifyVapid(r, push.origin())).isEqualTo(vapidKey);
        assertThat(r.header("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(r.header("TTL")).isEqualTo("86400");
        assertThat(r.header("Urgency")).as("a direct message is urgent").isEqualTo("high");
        assertThat(r.header("Topic")).isEqualTo("room-" + dm.id());
        assertThat(r.body().length).isLessThanOrEqualTo(4096);
        JsonNode p = browser.open(r);
        assertThat(p.get("type").asText()).isEqualTo("message");
        assertThat(p.get("roomId").asLong()).isEqualTo(dm.id());
        assertThat(p.get("seq").asLong()).isEqualTo(seq);
        assertThat(p.get("senderId").asLong()).isEqualTo(alice.user().id());
        assertThat(p.get("senderName").asText()).isEqualTo("Alice");
        assertThat(p.get("preview").asText()).isEqualTo("hi bob");
        assertThat(p.get("unread").asLong()).isGreaterThanOrEqualTo(1);

        // a long text: the preview is cut, the push stays within 4 KB
        String longText = "🎉".repeat(3000);
        long longSeq = alice.postMessage(dm.id(), "a-long", longText).message().seq();
        assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() == 2)).isTrue();
        Request longPush = push.to("/push/bob").get(1);
        assertThat(longPush.body().length).isLessThanOrEqualTo(4096);
        assertThat(browser.open(longPush).get("preview").asText()).isEqualTo("🎉".repeat(120) + "…");
        push.requests.remove(longPush);

        // read on another device: the subscribed one gets a "clear" for the room
        ConfabClient laptop = server.login(bob, "laptop");
        laptop.markRead(dm.id(), longSeq);
        assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() == 2)).isTrue();
        JsonNode clear = browser.open(push.to("/push/bob").get(1));
        assertThat(clear.get("type").asText()).isEqualTo("clear");
        assertThat(clear.get("roomId").asLong()).isEqualTo(dm.id());
        assertThat(clear.get("seq").asLong()).isEqualTo(longSeq);
        assertThat(push.to("/push/bob").get(1).header("Topic"))
                .as("replaces a pending notification of the room")
                .isEqualTo("room-" + dm.id());

        // while the subscribed session has a socket open, it gets frames, not pushes
        try (ChatSocket s = bob.connect(new SocketRecorder())) {
            s.hello().get(5, TimeUnit.SECONDS);
            alice.postMessage(dm.id(), "a2", "you are online");
            // a marker that does push: to Carol, offline, in another room
            ConfabClient carol = server.newUser("Carol");
            Browser carolBrowser = subscribe(carol, "carol");
            Room dm2 = alice.directRoom(carol.user().id());
            alice.postMessage(dm2.id(), "a3", "hi carol");
            assertThat(push.await(WAIT, rs -> push.to("/push/carol").size() == 1))
                    .isTrue();
            assertThat(carolBrowser
                            .open(push.to("/push/carol").getFirst())
                            .get("preview")
                            .asText())
                    .isEqualTo("hi carol");
            Thread.sleep(300);
            assertThat(push.to("/push/bob")).hasSize(2);
        }
    }

    @Test
    void levelsMentionsMutesAndPrivatePreviewsDecideWhatIsPushed() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient carol = server.newUser("Carol");
        Room group = alice.createGroup(
                "team", null, List.of(bob.user().id(), carol.user().id()));
        Browser bobBrowser = subscribe(bob, "bob");
        Browser carolBrowser = subscribe(carol, "carol");
        ok(bob.raw("PUT", "/api/v1/rooms/" + group.id() + "/notifications", "{\"level\":\"mentions\"}"), 200);
        ok(carol.raw("PATCH", "/api/v1/notifications", "{\"previews\":false}"), 200);

        long s1 = alice.postMessage(group.id(), "g1", "lunch?").message().seq();
        assertThat(push.await(WAIT, rs -> push.to("/push/carol").size() == 1)).isTrue();
        JsonNode toCarol = carolBrowser.open(push.to("/push/carol").getFirst());
        assertThat(toCarol.get("seq").asLong()).isEqualTo(s1);
        assertThat(toCarol.has("preview")).as("Carol chose private previews").isFalse();
        assertThat(toCarol.get("roomName").asText()).isEqualTo("team");
        assertThat(push.to("/push/carol").getFirst().header("Urgency")).isEqualTo("normal");

        long s2 = alice.postMessage(group.id(), "g2", "@" + bob.user().username() + " lunch?")
                .message()
                .seq();
        assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() == 1)).isTrue();
        JsonNode toBob = bobBrowser.open(push.to("/push/bob").getFirst());
        assertThat(toBob.get("seq").asLong())
                .as("only the mention reached Bob, who asked for mentions only")
                .isEqualTo(s2);
        assertThat(toBob.get("mention").asBoolean()).isTrue();
        assertThat(toBob.get("preview").asText()).contains("lunch?");
        assertThat(push.to("/push/bob").getFirst().header("Urgency")).isEqualTo("high");
        assertThat(push.await(WAIT, rs -> push.to("/push/carol").size() == 2))
                .as("Carol follows everything")
                .isTrue();

        // muted: not even a mention; the account default "none" silences rooms without their own level
        ok(
                bob.raw(
                        "PUT",
                        "/api/v1/rooms/" + group.id() + "/notifications",
                        "{\"level\":\"mentions\",\"mutedUntil\":\""
                                + Instant.now().plusSeconds(600) + "\"}"),
                200);
        ok(carol.raw("PATCH", "/api/v1/notifications", "{\"level\":\"none\"}"), 200);
        alice.postMessage(
                group.id(),
                "g3",
                "@" + bob.user().username() + " @" + carol.user().username() + " still there?");
        ConfabClient dave = server.newUser("Dave");
        Browser daveBrowser = subscribe(dave, "dave");
        alice.postMessage(alice.directRoom(dave.user().id()).id(), "g4", "marker");
        assertThat(push.await(WAIT, rs -> push.to("/push/dave").size() == 1)).isTrue();
        assertThat(daveBrowser
                        .open(push.to("/push/dave").getFirst())
                        .get("preview")
                        .asText())
                .isEqualTo("marker");
        Thread.sleep(300);
        assertThat(push.to("/push/bob")).hasSize(1);
        assertThat(push.to("/push/carol")).hasSize(2);
    }

    @Test
    void goneSubscriptionsAreRemovedAndPassingFailuresRetried() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient carol = server.newUser("Carol");
        subscribe(bob, "gone");
        Browser carolBrowser = subscribe(carol, "flaky");
        push.answer("/push/gone", 410);
        push.answer("/push/flaky", 503, 429);
        alice.postMessage(alice.directRoom(bob.user().id()).id(), "x1", "hello?");
        alice.postMessage(alice.directRoom(carol.user().id()).id(), "x2", "third time lucky");
        assertThat(push.await(WAIT, rs -> push.to("/push/flaky").size() == 3))
                .as("retried after 503 and 429")
                .isTrue();
        assertThat(carolBrowser
                        .open(push.to("/push/flaky").get(2))
                        .get("preview")
                        .asText())
                .isEqualTo("third time lucky");
        assertThat(await(WAIT, () -> {
                    try {
                        return json(bob.raw("GET", "/api/v1/push/targets", null))
                                .get("targets")
                                .isEmpty();
                    } catch (Exception e) {
                        return false;
                    }
                }))
                .as("a 410 removes the subscription")
                .isTrue();
        assertThat(push.to("/push/gone")).hasSize(1);
    }

    @Test
    void pendingPushesSurviveARestart() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Browser browser = subscribe(bob, "bob");
        push.defaultStatus(503);
        long seq = alice.postMessage(alice.directRoom(bob.user().id()).id(), "r1", "after the restart")
                .message()
                .seq();
        assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() >= 1)).isTrue();
        String keyBefore = FakePushService.verifyVapid(push.to("/push/bob").getFirst(), push.origin());
        server.restart();
        push.defaultStatus(201);
        int before = push.to("/push/bob").size();
        assertThat(push.await(
                        WAIT,
                        rs -> push.to("/push/bob").stream()
                                .skip(before)
                                .findAny()
                                .isPresent()))
                .isTrue();
        Request last = push.to("/push/bob").getLast();
        assertThat(browser.open(last).get("seq").asLong()).isEqualTo(seq);
        assertThat(FakePushService.verifyVapid(last, push.origin()))
                .as("the VAPID key is kept in the store")
                .isEqualTo(keyBefore);
        assertThat(await(
                        WAIT,
                        () -> server.store()
                                .column("SELECT COUNT(*) FROM push_outbox")
                                .equals(List.of("0"))))
                .as("delivered, so out of the outbox")
                .isTrue();
    }

    @Test
    void aSessionThatEndedGetsNoMorePushesAndRemovedTargetsNone() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient bobTablet = server.login(bob, "tablet");
        subscribe(bob, "phone");
        subscribe(bobTablet, "tablet");
        JsonNode targets = json(bob.raw("GET", "/api/v1/push/targets", null)).get("targets");
        assertThat(targets).hasSize(2);
        long tabletTarget = targets.get(1).get("id").asLong();
        assertThat(targets.get(1).get("current").asBoolean()).isFalse();
        Room dm = alice.directRoom(bob.user().id());
        alice.postMessage(dm.id(), "s1", "both");
        assertThat(push.await(
                        WAIT,
                        rs -> push.to("/push/phone").size() == 1
                                && push.to("/push/tablet").size() == 1))
                .isTrue();

        bob.logout();
        JsonNode left = json(bobTablet.raw("GET", "/api/v1/push/targets", null)).get("targets");
        assertThat(left).as("logging out removes the session's subscription").hasSize(1);
        assertThat(left.get(0).get("id").asLong()).isEqualTo(tabletTarget);
        ok(bobTablet.raw("DELETE", "/api/v1/push/targets/" + tabletTarget, null), 204);
        ok(bobTablet.raw("DELETE", "/api/v1/push/targets/" + tabletTarget, null), 404);
        alice.postMessage(dm.id(), "s2", "neither");
        ConfabClient carol = server.newUser("Carol");
        subscribe(carol, "carol");
        alice.postMessage(alice.directRoom(carol.user().id()).id(), "s3", "marker");
        assertThat(push.await(WAIT, rs -> push.to("/push/carol").size() == 1)).isTrue();
        Thread.sleep(300);
        assertThat(push.to("/push/phone")).as("logged out").hasSize(1);
        assertThat(push.to("/push/tablet")).as("removed").hasSize(1);
    }

    @Test
    void messagesCommittedButNotYetPlannedArePushedAfterARestart() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Browser browser = subscribe(bob, "bob");
        Room dm = alice.directRoom(bob.user().id());
        // planning fails (as if the server died between the commit and the plan): the planned position stays put
        server.store().execute("ALTER TABLE push_badges RENAME TO push_badges_away");
        long seq = alice.postMessage(dm.id(), "p1", "committed, not planned")
                .message()
                .seq();
        Thread.sleep(500);
        assertThat(push.requests).isEmpty();
        server.server().close();
        server.store().execute("ALTER TABLE push_badges_away RENAME TO push_badges");
        server.restart();
        assertThat(push.await(WAIT, rs -> push.to("/push/bob").size() == 1)).isTrue();
        assertThat(browser.open(push.to("/push/bob").getFirst()).get("seq").asLong())
                .isEqualTo(seq);
    }

    @Test
    void onlyAllowlistedEndpointsAreAccepted() throws Exception {
        ConfabClient bob = server.newUser("Bob");
        Browser b = new Browser();
        for (String endpoint : List.of(
                "https://evil.example/push",
                "http://127.0.0.1:1/push",
                "https://fcm.googleapis.com/fcm/send/x",
                "file:///etc/passwd",
                push.origin().replace("http:", "https:") + "/push")) {
            RawResponse r = bob.raw("POST", "/api/v1/push/subscriptions", b.subscription(endpoint));
            assertThat(r.status()).as(endpoint).isEqualTo(400);
            assertThat(json(r).at("/error/code").asText()).as(endpoint).isEqualTo("push_endpoint_not_allowed");
        }
        String badKey = b.subscription(endpoint("x")).replaceFirst("\"p256dh\":\"B", "\"p256dh\":\"C");
        assertThat(json(ok(bob.raw("POST", "/api/v1/push/subscriptions", badKey), 400))
                        .at("/error/code")
                        .asText())
                .isEqualTo("invalid_field");
        assertThat(push.requests).isEmpty();
    }

    @Test
    void theGatewayGetsTheDocumentedNotificationAndRejectedPushkeysAreRemoved() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ok(
                bob.raw(
                        "POST",
                        "/api/v1/push/devices",
                        "{\"appId\":\"dev.confab.ios\",\"pushkey\":\"pk-good\",\"data\":{\"format\":\"event_id_only\"}}"),
                201);
        ConfabClient tablet = server.login(bob, "tablet");
        ok(
                tablet.raw(
                        "POST", "/api/v1/push/devices", "{\"appId\":\"dev.confab.android\",\"pushkey\":\"pk-stale\"}"),
                201);
        push.answer("/gateway", 502);
        push.replyBody("/gateway", "{\"rejected\":[\"pk-stale\"]}");
        Room dm = alice.directRoom(bob.user().id());
        long seq = alice.postMessage(dm.id(), "w1", "to the phone").message().seq();
        assertThat(push.await(WAIT, rs -> push.to("/gateway").size() >= 3))
                .as("one retry after the 502, two devices")
                .isTrue();
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (Request r : push.to("/gateway")) bodies.add(JSON.readTree(r.body()));
        JsonNode n = bodies.getLast().get("notification");
        assertThat(n.get("type").asText()).isEqualTo("message");
        assertThat(n.get("roomId").asLong()).isEqualTo(dm.id());
        assertThat(n.get("seq").asLong()).isEqualTo(seq);
        assertThat(n.get("senderName").asText()).isEqualTo("Alice");
        assertThat(n.get("prio").asText()).isEqualTo("high");
        assertThat(n.at("/counts/unread").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(bodies.stream()
                        .map(b -> b.at("/notification/devices/0/pushkey").asText())
                        .distinct()
                        .sorted()
                        .toList())
                .containsExactly("pk-good", "pk-stale");
        assertThat(bodies.stream()
                        .filter(b ->
                                b.at("/notification/devices/0/pushkey").asText().equals("pk-good"))
                        .findFirst()
                        .orElseThrow()
                        .at("/notification/devices/0/data/format")
                        .asText())
                .isEqualTo("event_id_only");
        assertThat(await(WAIT, () -> {
                    try {
                        JsonNode t = json(bob.raw("GET", "/api/v1/push/targets", null))
                                .get("targets");
                        return t.size() == 1 && t.get(0).get("pushkey").asText().equals("pk-good");
                    } catch (Exception e) {
                        return false;
                    }
                }))
                .as("the rejected pushkey is gone, the other stays")
                .isTrue();
    }
}
