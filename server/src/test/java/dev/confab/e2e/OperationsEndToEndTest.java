package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.CloseInfo;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.client.SocketListener;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Sessions, storage failures, slow devices, shutdown and the operations endpoints, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class OperationsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Parameter
    StoreKind kind;

    @Test
    void revokingASessionClosesItsSocketsAtOnceAndItsTokenStopsWorking() throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            ConfabClient phone = server.newUser("Alice");
            ConfabClient laptop = server.login(phone, "laptop");
            assertThat(phone.sessions()).extracting(s -> s.device()).containsExactlyInAnyOrder("Alice-phone", "laptop");
            assertThat(phone.sessions())
                    .filteredOn(s -> s.current())
                    .singleElement()
                    .extracting(s -> s.id())
                    .isEqualTo(phone.sessionId());

            SocketRecorder laptopIn = new SocketRecorder(), phoneIn = new SocketRecorder();
            try (ChatSocket l = laptop.connect(laptopIn);
                    ChatSocket p = phone.connect(phoneIn)) {
                l.hello().get(5, TimeUnit.SECONDS);
                p.hello().get(5, TimeUnit.SECONDS);
                phone.revokeSession(laptop.sessionId());
                CloseInfo closed = laptopIn.closed.get(5, TimeUnit.SECONDS);
                assertThat(closed.code()).isEqualTo(4001);
                assertThat(p.isOpen()).isTrue();
                assertThat(laptop.raw("GET", "/api/v1/me", null).status()).isEqualTo(401);
                assertThatThrownBy(() -> laptop.connect(new SocketRecorder()))
                        .isInstanceOfSatisfying(
                                ConfabException.class,
                                e -> assertThat(e.status()).isEqualTo(401));
                assertThat(phone.sessions()).hasSize(1);

                phone.logout();
                assertThat(phoneIn.closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(4001);
                assertThat(phone.raw("GET", "/api/v1/me", null).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void aStorageFailureAnswersRetryLaterAndLeavesNothingHalfWritten() throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            ConfabClient alice = server.newUser("Alice");
            ConfabClient bob = server.newUser("Bob");
            Room room = alice.directRoom(bob.user().id());
            SocketRecorder bobIn = new SocketRecorder();
            try (ChatSocket a = alice.connect(new SocketRecorder());
                    ChatSocket b = bob.connect(bobIn)) {
                b.hello().get(5, TimeUnit.SECONDS);
                a.send(room.id(), "ok-1", "before the failure").get(5, TimeUnit.SECONDS);

                server.store().execute("ALTER TABLE messages RENAME TO messages_away");
                try {
                    assertThatThrownBy(() -> a.send(room.id(), "fails-1", "during the failure")
                                    .get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class)
                            .cause()
                            .isInstanceOfSatisfying(ConfabException.class, e -> {
                                assertThat(e.code()).isEqualTo("store_unavailable");
                                assertThat(e.retryAfterMs()).isPositive();
                                assertThat(e.getMessage())
                                        .doesNotContainIgnoringCase("sql")
                                        .doesNotContain("messages_away");
                            });
                    var rest = alice.raw(
                            "POST",
                            "/api/v1/rooms/" + room.id() + "/messages",
                            "{\"clientId\":\"fails-2\",\"text\":\"x\"}");
                    assertThat(rest.status()).isEqualTo(503);
                    assertThat(rest.header("Retry-After")).isNotNull();
                    assertThat(rest.body()).contains("store_unavailable").doesNotContainIgnoringCase("sql");
                } finally {
                    server.store().execute("ALTER TABLE messages_away RENAME TO messages");
                }

                SendResult retried =
                        a.send(room.id(), "fails-1", "during the failure").get(5, TimeUnit.SECONDS);
                assertThat(retried.duplicate()).isFalse();
                assertThat(retried.message().seq()).isEqualTo(3); // 1 room.created, 2 ok-1: the failures left no gap
                assertThat(await(WAIT, () -> bobIn.texts().size() == 2)).isTrue();
            }
            assertThat(alice.history(room.id(), null, null, 100).messages())
                    .extracting(Message::clientId)
                    .containsExactly(null, "ok-1", "fails-1");
            assertThat(alice.chatList(10).rooms().getFirst().lastMessage().clientId())
                    .isEqualTo("fails-1");
        }
    }

    @Test
    void aDeviceThatStopsReadingIsDisconnectedWithoutSlowingOthers() throws Exception {
        try (TestServer server = TestServer.start(kind, Map.of("socket.sendQueueFrames", "16"))) {
            ConfabClient sender = server.newUser("Sender");
            ConfabClient stuck = server.newUser("Stuck");
            ConfabClient fine = server.newUser("Fine");
            Room group = sender.createGroup(
                    "busy", null, List.of(stuck.user().id(), fine.user().id()));

            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<CloseInfo> stuckClosed = new CompletableFuture<>();
            SocketRecorder fineIn = new SocketRecorder();
            String big = "x".repeat(3900);
            int count = 3000; // ~12 MB: more than the kernel's socket buffers hold for the stuck reader
            try (ChatSocket s = sender.connect(new SocketRecorder());
                    ChatSocket blocked = stuck.connect(new SocketListener() {
                        @Override
                        public void onMessage(Message m) {
                            try {
                                release.await(60, TimeUnit.SECONDS); // an app that never reads its socket again
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }

                        @Override
                        public void onClose(CloseInfo info) {
                            stuckClosed.complete(info);
                        }
                    });
                    ChatSocket ok = fine.connect(fineIn)) {
                blocked.hello().get(5, TimeUnit.SECONDS);
                ok.hello().get(5, TimeUnit.SECONDS);
                List<CompletableFuture<SendResult>> sends = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    sends.add(s.send(group.id(), "big-" + i, big));
                    if (sends.size() % 200 == 0) sends.get(sends.size() - 1).get(20, TimeUnit.SECONDS);
                }
                for (var f : sends) f.get(30, TimeUnit.SECONDS);
                assertThat(await(Duration.ofSeconds(30), () -> fineIn.texts().size() == count))
                        .isTrue();
                assertThat(await(Duration.ofSeconds(30), () -> serverClosedStuck(server)))
                        .isTrue();
                release.countDown();
                assertThat(stuckClosed.get(30, TimeUnit.SECONDS).code()).isIn(4008, CloseInfo.ABNORMAL);
            }
        }
    }

    private static boolean serverClosedStuck(TestServer server) {
        var body = ConfabClient.withToken(server.base(), null)
                .raw("GET", "/metrics", null)
                .body();
        return body.lines().anyMatch(l -> l.startsWith("confab_socket_overflows_total") && !l.endsWith(" 0.0"));
    }

    @Test
    void gracefulShutdownClosesSocketsWithGoingAway() throws Exception {
        TestServer server = TestServer.start(kind);
        try {
            ConfabClient alice = server.newUser("Alice");
            SocketRecorder in = new SocketRecorder();
            ChatSocket s = alice.connect(in);
            s.hello().get(5, TimeUnit.SECONDS);
            server.server().close();
            assertThat(in.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1001);
        } finally {
            server.close();
        }
    }

    @Test
    void healthReadinessAndMetricsAnswer() {
        try (TestServer server = TestServer.start(kind)) {
            ConfabClient anon = ConfabClient.withToken(server.base(), null);
            assertThat(anon.raw("GET", "/healthz", null).status()).isEqualTo(200);
            assertThat(anon.raw("GET", "/readyz", null).status()).isEqualTo(200);
            ConfabClient alice = server.newUser("Alice");
            ConfabClient bob = server.newUser("Bob");
            alice.postMessage(alice.directRoom(bob.user().id()).id(), "m", "hello");
            String metrics = anon.raw("GET", "/metrics", null).body();
            assertThat(metrics)
                    .contains(
                            "confab_connections",
                            "confab_commit_batch_size_count",
                            "confab_commit_duration_seconds",
                            "confab_frames_out_total",
                            "jvm_memory_used_bytes");
        }
    }
}
