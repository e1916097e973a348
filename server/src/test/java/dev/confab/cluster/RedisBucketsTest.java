package dev.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import dev.confab.limit.RateRule;
import dev.confab.testing.TcpProxy;
import dev.confab.testing.TestCluster;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits shared through the real Redis: one budget for a user across nodes, per node again when Redis is away. */
class RedisBucketsTest {
    private final String prefix = "confabt" + UUID.randomUUID().toString().substring(0, 8);
    private final List<RedisClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(RedisClient::shutdown);
    }

    private StatefulRedisConnection<String, String> connect(int port) {
        RedisURI uri = RedisURI.create("redis://" + TestCluster.REDIS_HOST + ":" + port);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        clients.add(client);
        return client.connect();
    }

    /** What a node builds: its own connection, the same bucket names. */
    private RateLimiter node(int port, String rule) {
        return new RateLimiter("send", "messages", RateRule.parse(rule), new RedisBuckets(connect(port), prefix));
    }

    @Test
    void aUserHasOneBudgetWhicheverNodeTheySendThrough() {
        RateLimiter a = node(TestCluster.REDIS_PORT, "5/1m");
        RateLimiter b = node(TestCluster.REDIS_PORT, "5/1m");
        for (int i = 0; i < 5; i++) (i % 2 == 0 ? a : b).acquire(42);
        // two limiters of their own would allow ten
        for (RateLimiter node : List.of(a, b)) {
            assertThatThrownBy(() -> node.acquire(42)).isInstanceOfSatisfying(ConfabException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                // the next token is about 12 s away (5 a minute), whichever node is asked
                assertThat(e.retryAfterMs()).isBetween(11_000L, 12_000L);
            });
        }
        b.acquire(43); // another user's budget is their own
    }

    @Test
    void theBucketRefillsEvenlyAndIsForgottenWhenFull() throws Exception {
        RateLimiter a = node(TestCluster.REDIS_PORT, "2/200ms");
        a.acquire(7);
        a.acquire(7);
        assertThatThrownBy(() -> a.acquire(7)).isInstanceOf(ConfabException.class);
        Thread.sleep(250);
        a.acquire(7);
        Thread.sleep(300);
        StatefulRedisConnection<String, String> look = connect(TestCluster.REDIS_PORT);
        assertThat(look.sync().exists(prefix + ":rate:send:7")).isZero();
    }

    @Test
    void withRedisAwayEachNodeLimitsOnItsOwnAndNothingIsRefusedForIt() throws Exception {
        try (TcpProxy redis = new TcpProxy(TestCluster.REDIS_HOST, TestCluster.REDIS_PORT)) {
            RateLimiter a = node(redis.port(), "3/1m");
            a.acquire(9);
            redis.cut();
            // the shared bucket cannot answer: this node's own bucket (full) decides
            a.acquire(9);
            a.acquire(9);
            a.acquire(9);
            assertThatThrownBy(() -> a.acquire(9))
                    .isInstanceOfSatisfying(
                            ConfabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        }
    }
}
