package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Room;
import dev.confab.testing.ManualClock;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A session that ends, by revocation or by expiry, ends all of its sockets: closed with 4001 and unable to post. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SessionEndEndToEndTest {
    private static final int ROUNDS = 40;
    private static final int SOCKETS = 4;

    @Parameter
    StoreKind kind;

    private record Opened(ChatSocket socket, SocketRecorder inbox) {}

    @Test
    void revocationRacingConnectsLeavesNoSocketOfTheSessionOpen() throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            ConfabClient owner = server.newUser("Owner");
            Room room = owner.createGroup("race", "", List.of());
            ExecutorService pool = Executors.newFixedThreadPool(SOCKETS + 1);
            int opened = 0;
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    ConfabClient device = server.login(owner, "device-" + round);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Opened>> connects = new ArrayList<>();
                    for (int i = 0; i < SOCKETS; i++) {
                        connects.add(pool.submit(() -> {
                            go.await();
                            SocketRecorder in = new SocketRecorder();
                            try {
                                return new Opened(device.connect(in), in);
                            } catch (ConfabException refused) {
                                assertThat(refused.status())
                                        .as("a refused upgrade is a 401")
                                        .isEqualTo(401);
                                return null;
                            }
                        }));
                    }
                    int jitterMicros = ThreadLocalRandom.current().nextInt(3000);
                    Future<?> revoke = pool.submit(() -> {
                        go.await();
                        TimeUnit.MICROSECONDS.sleep(jitterMicros);
                        owner.revokeSession(device.sessionId());
                        return null;
                    });
                    go.countDown();
                    revoke.get(30, TimeUnit.SECONDS);
                    int n = 0;
                    for (Future<Opened> f : connects) {
                        Opened o = f.get(30, TimeUnit.SECONDS);
                        if (o == null) continue;
                        opened++;
                        String clientId = "late-" + round + "-" + n++;
                        // The revocation has been answered: nothing this socket sends may be posted any more.
                        assertThatThrownBy(() -> o.socket()
                                        .send(room.id(), clientId, "after revocation")
                                        .get(30, TimeUnit.SECONDS))
                                .as("round %d: a send after the revocation", round)
                                .isNotNull();
                        assertThat(o.inbox().closed.get(30, TimeUnit.SECONDS).code())
                                .as("round %d close code", round)
                                .isEqualTo(4001);
                        o.socket().close();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(owner.history(room.id(), null, null, 100).messages()).noneMatch(m -> m.clientId() != null);
            assertThat(opened)
                    .as("some sockets opened before their revocation, so the race was run")
                    .isPositive();
        }
    }

    @Test
    void anExpiredSessionClosesItsSocketsWith4001AndCannotPost() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.start(kind, Map.of("auth.sessionDays", "30"), clock)) {
            ConfabClient phone = server.newUser("Phone");
            Room room = phone.createGroup("expiry", "", List.of());
            clock.advance(Duration.ofDays(1));
            ConfabClient laptop = server.login(phone, "laptop"); // ends a day after the phone's session
            SocketRecorder phoneIn1 = new SocketRecorder(),
                    phoneIn2 = new SocketRecorder(),
                    laptopIn = new SocketRecorder();
            try (ChatSocket p1 = phone.connect(phoneIn1);
                    ChatSocket p2 = phone.connect(phoneIn2);
                    ChatSocket l = laptop.connect(laptopIn)) {
                p1.hello().get(10, TimeUnit.SECONDS);
                p2.hello().get(10, TimeUnit.SECONDS);
                l.hello().get(10, TimeUnit.SECONDS);
                p1.send(room.id(), "before", "still valid").get(10, TimeUnit.SECONDS);

                clock.advance(Duration.ofDays(29).plusMinutes(1));
                assertThatThrownBy(() -> p1.send(room.id(), "after", "expired").get(30, TimeUnit.SECONDS))
                        .isNotNull();
                assertThat(phoneIn1.closed.get(30, TimeUnit.SECONDS).code()).isEqualTo(4001);
                assertThat(phoneIn2.closed.get(30, TimeUnit.SECONDS).code()).isEqualTo(4001);
                assertThat(phone.raw("GET", "/api/v1/me", null).status()).isEqualTo(401);

                l.ping().get(10, TimeUnit.SECONDS);
                assertThat(l.isOpen()).as("the laptop's session has a day left").isTrue();
                assertThat(l.send(room.id(), "laptop", "mine still works")
                                .get(10, TimeUnit.SECONDS)
                                .message()
                                .seq())
                        .isEqualTo(3);
            }
            assertThat(laptop.history(room.id(), null, null, 100).messages())
                    .extracting(m -> m.clientId())
                    .containsExactly(null, "before", "laptop");
        }
    }
}
