package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.RawResponse;
import dev.confab.client.Room;
import dev.confab.testing.RawWebSocket;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import dev.confab.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One user cannot make the server hold unbounded memory for them: a socket's send queue is bounded
 * in bytes, a socket's unanswered reads are bounded, and history and sync are rate-limited per user.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SocketLimitsEndToEndTest {
    private static final long QUEUE_BYTES = 1024 * 1024;

    @Parameter
    StoreKind kind;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** A room of 100 messages of 3,000 characters: each history page of it is about 300 KB. */
    private Room bigRoom(ConfabClient owner) {
        Room room = owner.createGroup("big", null, List.of());
        String text = "x".repeat(3000);
        for (int i = 0; i < 100; i++) owner.postMessage(room.id(), "m" + i, text);
        return room;
    }

    @Test
    void aSocketThatNeverReadsIsCutOffAndTheMemoryHeldForItStaysBounded() throws Exception {
        server = TestServer.start(kind, Map.of("socket.sendQueueBytes", String.valueOf(QUEUE_BYTES)));
        ConfabClient mallory = server.newUser("Mallory");
        ConfabClient bob = server.newUser("Bob");
        Room big = bigRoom(mallory);
        Room bobs = bob.createGroup("bob's", null, List.of());
        byte[] history =
                ("{\"type\":\"history\",\"roomId\":" + big.id() + ",\"limit\":100}").getBytes(StandardCharsets.UTF_8);

        long maxQueued = 0;
        int sent = 0;
        try (RawWebSocket never = new RawWebSocket(server.base(), mallory.token());
                ChatSocket bobSocket = bob.connect(new SocketRecorder())) {
            assertThat(never.upgradeStatus).isEqualTo(101);
            // Unbounded, 2,000 pages would be 600 MB; the socket must be cut off long before.
            while (metric("confab_socket_overflows_total") < 1 && sent < 2000) {
                try {
                    never.sendText(history);
                } catch (java.io.IOException closedByServer) {
                    break;
                }
                sent++;
                maxQueued = Math.max(maxQueued, (long) metric("confab_socket_queued_bytes"));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (metric("confab_socket_overflows_total") < 1 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(metric("confab_socket_overflows_total"))
                    .as("the never-reading socket was cut off (4008)")
                    .isGreaterThanOrEqualTo(1);
            // What it had queued is let go; nothing else holds more than a frame or two.
            while (metric("confab_socket_queued_bytes") > 64 * 1024 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(metric("confab_socket_queued_bytes")).isLessThanOrEqualTo(64 * 1024);
            assertThat(maxQueued)
                    .as("bytes queued at the worst moment seen")
                    .isLessThanOrEqualTo(QUEUE_BYTES + 64 * 1024);

            // Everyone else kept working all along.
            assertThat(bobSocket
                            .send(bobs.id(), "b1", "still here")
                            .get(30, TimeUnit.SECONDS)
                            .duplicate())
                    .isFalse();
            assertThat(bob.raw("GET", "/healthz", null).status()).isEqualTo(200);
        }
        System.out.printf(
                "never-reading socket: %d history requests sent before the cut, at most %d bytes queued%n",
                sent, maxQueued);
    }

    @Test
    void aSocketMayHaveOnlyAFewReadsUnansweredAtOnce() throws Exception {
        server = TestServer.start(kind, Map.of("socket.maxPendingReads", "2"));
        ConfabClient alice = server.newUser("Alice");
        Room big = bigRoom(alice);
        try (ChatSocket s = alice.connect(new SocketRecorder())) {
            s.hello().get(10, TimeUnit.SECONDS);
            List<CompletableFuture<?>> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) replies.add(s.history(big.id(), null, null, 100));
            int answered = 0, refused = 0;
            for (CompletableFuture<?> r : replies) {
                try {
                    r.get(60, TimeUnit.SECONDS);
                    answered++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause())
                            .isInstanceOfSatisfying(
                                    ConfabException.class,
                                    c -> assertThat(c.code()).isEqualTo("too_many_pending"));
                    refused++;
                }
            }
            assertThat(answered).isGreaterThanOrEqualTo(2);
            assertThat(refused).as("requests beyond the two in flight").isPositive();
            // Once the replies are in, the socket reads again.
            assertThat(s.history(big.id(), null, null, 10).get(30, TimeUnit.SECONDS))
                    .isNotNull();
        }
    }

    @Test
    void historyAndSyncAreRateLimitedPerUser() throws Exception {
        server = TestServer.start(kind, Map.of("rate.read", "5/1h"));
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.createGroup("g", null, List.of(bob.user().id()));
        try (ChatSocket s = alice.connect(new SocketRecorder())) {
            for (int i = 0; i < 3; i++) s.history(room.id(), null, null, 10).get(30, TimeUnit.SECONDS);
            s.sync(0, 10).get(30, TimeUnit.SECONDS);
            assertThat(alice.raw("GET", "/api/v1/rooms/" + room.id() + "/messages", null)
                            .status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> s.history(room.id(), null, null, 10).get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(ConfabException.class, e -> {
                        assertThat(e.code()).isEqualTo("rate_limited");
                        assertThat(e.retryAfterMs()).isPositive();
                    });
            assertThatThrownBy(() -> s.sync(0, 10).get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo("rate_limited"));
            RawResponse rest = alice.raw("GET", "/api/v1/sync", null);
            assertThat(rest.status()).isEqualTo(429);
            assertThat(Json.readObject(rest.body())
                            .path("error")
                            .path("retryAfterMs")
                            .asLong())
                    .isPositive();
            assertThat(rest.header("Retry-After")).isNotNull();
        }
        // another user's budget is their own
        assertThat(bob.raw("GET", "/api/v1/rooms/" + room.id() + "/messages", null)
                        .status())
                .isEqualTo(200);
        assertThat(bob.raw("GET", "/api/v1/sync", null).status()).isEqualTo(200);
    }

    private double metric(String name) {
        String text = ConfabClient.withToken(server.base(), null)
                .raw("GET", "/metrics", null)
                .body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(text);
        double sum = 0;
        while (m.find()) sum += Double.parseDouble(m.group(1));
        return sum;
    }
}
