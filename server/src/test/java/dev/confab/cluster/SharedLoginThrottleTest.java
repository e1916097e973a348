package dev.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.testing.TestCluster;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Sign-in delays (AUTH-4) on two nodes sharing Redis, as behind a round-robin proxy: wrong passwords
 * count once however they are spread over the nodes, a sign-in on one node is trusted on the other,
 * and with Redis away each node still slows guessers by what it saw itself. The defaults hold: 5
 * free failures per account and address, 20 per account.
 */
class SharedLoginThrottleTest {
    private static final String PASSWORD = "the right one";

    @Test
    void wrongPasswordsSpreadOverTheNodesCountOnceAndTrustFollowsTheOwner() throws Exception {
        try (TestCluster cluster = new TestCluster(2)) {
            ConfabClient.signup(cluster.base(0), "victim", PASSWORD, "phone");

            // The owner signs in on node 0 from their usual address.
            login(cluster, 0, "127.0.0.3", PASSWORD);

            HttpClient guesser = from("127.0.0.2");
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertBadPassword(() -> login(cluster, n % 2, guesser, "guess-" + n));
            }
            // each node saw 2 or 3 of those 5, fewer than it lets pass on its own
            for (int node = 0; node < 2; node++) {
                int n = node;
                assertThrottled(() -> login(cluster, n, guesser, PASSWORD));
            }

            // 15 more wrong passwords from 15 addresses, spread over the nodes, make the account's 20th:
            // the account-wide delay begins
            for (int i = 0; i < 15; i++) {
                int n = i % 2;
                String ip = "127.0.1." + (i + 1);
                assertBadPassword(() -> login(cluster, n, ip, "spray"));
            }
            assertThrottled(() -> login(cluster, 1, "127.0.0.4", PASSWORD));
            // node 1 never saw the owner sign in, yet trusts their address: the flood does not keep them out
            assertThat(login(cluster, 1, "127.0.0.3", PASSWORD).user().username())
                    .isEqualTo("victim");
        }
    }

    @Test
    void withRedisAwayANodeSlowsGuessersByWhatItSawItself() throws Exception {
        try (TestCluster cluster = new TestCluster(1)) {
            ConfabClient.signup(cluster.base(0), "victim", PASSWORD, "phone");
            cluster.redis().cut();
            HttpClient guesser = from("127.0.0.2");
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertBadPassword(() -> login(cluster, 0, guesser, "guess-" + n));
            }
            assertThrottled(() -> login(cluster, 0, guesser, PASSWORD));
            assertThat(login(cluster, 0, "127.0.0.3", PASSWORD).user().username())
                    .as("the owner elsewhere signs in: nothing is refused for Redis being away")
                    .isEqualTo("victim");
        }
    }

    private static ConfabClient login(TestCluster cluster, int node, String ip, String password) {
        return login(cluster, node, from(ip), password);
    }

    private static ConfabClient login(TestCluster cluster, int node, HttpClient http, String password) {
        return ConfabClient.login(http, cluster.base(node), "victim", password, "device");
    }

    private static HttpClient from(String ip) {
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .localAddress(InetAddress.getByName(ip))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertBadPassword(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ConfabException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo("bad_credentials"));
    }

    private static void assertThrottled(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo("rate_limited");
            assertThat(e.retryAfterMs()).isPositive();
        });
    }
}
