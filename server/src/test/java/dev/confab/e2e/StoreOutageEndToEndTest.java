package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Room;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away (connections refused and every backend terminated, as a restart or a
 * failover does) and comes back. Once the server knows the store is down, a send is refused at once
 * with {@code store_unavailable} instead of waiting out pool timeouts, and it recovers by itself.
 * PostgreSQL only: an embedded SQLite file has no server that can go away.
 */
class StoreOutageEndToEndTest {
    private TestServer server;
    private String database;
    private String adminUrl;

    @BeforeEach
    void start() {
        server = TestServer.start(StoreKind.POSTGRES);
        String url = server.store().url();
        database = url.substring(url.lastIndexOf('/') + 1);
        adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    }

    @AfterEach
    void stop() throws Exception {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        server.close();
    }

    @Test
    void sendsFailFastWhileTheStoreIsDownAndSucceedOnceItIsBack() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        Room room = alice.createGroup("g", null, List.of());
        ChatSocket socket = alice.connect(new SocketRecorder());
        socket.hello().get(10, TimeUnit.SECONDS);
        alice.postMessage(room.id(), "before", "the store is up");

        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        // "Known to be down": readiness says so (the first caller to meet the outage may still wait for the pool).
        awaitReady(alice, 503, Duration.ofSeconds(60));

        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> alice.postMessage(room.id(), "down-rest", "hello?"))
                    .isInstanceOfSatisfying(ConfabException.class, e -> {
                        assertThat(e.code()).isEqualTo("store_unavailable");
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.retryAfterMs()).isPositive();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("REST send while down")
                    .isLessThan(Duration.ofSeconds(3));

            String clientId = "down-ws-" + i;
            long socketStart = System.nanoTime();
            assertThatThrownBy(() -> socket.send(room.id(), clientId, "hello?").get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(ConfabException.class, e -> {
                        assertThat(e.code()).isEqualTo("store_unavailable");
                        assertThat(e.retryAfterMs()).isPositive();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - socketStart))
                    .as("socket send while down")
                    .isLessThan(Duration.ofSeconds(3));
        }

        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                socket.send(room.id(), "after", "the store is back").get(30, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
        assertThat(alice.postMessage(room.id(), "after-rest", "and over REST").duplicate())
                .isFalse();
        awaitReady(alice, 200, Duration.ofSeconds(30));
    }

    private static void awaitReady(ConfabClient client, int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (client.raw("GET", "/readyz", null).status() != status) {
            if (System.nanoTime() > deadline) throw new AssertionError("/readyz never answered " + status);
            Thread.sleep(100);
        }
    }

    private void admin(String sql) throws Exception {
        try (var c = DriverManager.getConnection(adminUrl, server.store().user(), "");
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
