package dev.confab.cluster;

import dev.confab.limit.Backoff;
import dev.confab.limit.SharedBackoff;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in failure counts in Redis, a hash per key ({@code prefix:backoff:login-pair:…}) holding the
 * count, the last failure and the end of the wait, all on Redis's clock so nodes with skewed clocks
 * agree; it expires once it is both forgotten and no longer waiting. Marks are plain keys with an
 * expiry. An answer that does not come within {@link RedisBuckets#ANSWER_WITHIN_MS} counts as none.
 */
final class RedisBackoff implements SharedBackoff {
    private static final Logger log = LoggerFactory.getLogger(RedisBackoff.class);

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            """;
    // Returns the microseconds until KEYS[1] may try again.
    private static final RedisScript WAIT = new RedisScript(NOW + """
            local till = tonumber(redis.call('HGET', KEYS[1], 'till') or 0)
            if till > now then return till - now end
            return 0
            """);
    // ARGV: the free failures, the first and the longest wait, the time after which a quiet key is
    // forgotten (microseconds). The same rule as Backoff's own, so either one decides alike.
    private static final RedisScript FAILED = new RedisScript(NOW + """
            local free, first, max, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
            local last = tonumber(redis.call('HGET', KEYS[1], 'last') or 0)
            local n = 1
            if last > 0 and now - last <= forget then n = tonumber(redis.call('HGET', KEYS[1], 'n')) + 1 end
            local till = now
            if n >= free then
              local d = first
              for i = 1, n - free do if d >= max then break end d = d * 2 end
              if d > max then d = max end
              till = now + d
            end
            redis.call('HSET', KEYS[1], 'n', n, 'last', string.format('%.0f', now), 'till', string.format('%.0f', till))
            redis.call('PEXPIRE', KEYS[1], math.ceil((math.max(forget, till - now)) / 1000) + 1)
            return n
            """);

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    RedisBackoff(StatefulRedisConnection<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public OptionalLong waitNanos(String key) {
        try {
            return OptionalLong.of(WAIT.run(redis, RedisBuckets.ANSWER_WITHIN_MS, keys(key)) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            unanswered(key, e);
        }
        return OptionalLong.empty();
    }

    @Override
    public boolean failed(String key, Backoff.Rule rule) {
        try {
            FAILED.run(
                    redis,
                    RedisBuckets.ANSWER_WITHIN_MS,
                    keys(key),
                    Integer.toString(rule.free()),
                    Long.toString(rule.firstNanos() / 1000),
                    Long.toString(rule.maxNanos() / 1000),
                    Long.toString(rule.forgetNanos() / 1000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            unanswered(key, e);
        }
        return false;
    }

    @Override
    public void forget(String key) {
        await(redis.async().del(keys(key)[0]), key);
    }

    @Override
    public void mark(String key, long forNanos) {
        await(redis.async().set(markKey(key), "1", SetArgs.Builder.px(Math.max(1, forNanos / 1_000_000))), key);
    }

    @Override
    public Optional<Boolean> marked(String key) {
        Long n = await(redis.async().exists(markKey(key)), key);
        return n == null ? Optional.empty() : Optional.of(n > 0);
    }

    private String[] keys(String key) {
        return new String[] {prefix + ":backoff:" + key};
    }

    private String markKey(String key) {
        return prefix + ":mark:" + key;
    }

    private <T> T await(java.util.concurrent.Future<T> answer, String key) {
        try {
            return answer.get(RedisBuckets.ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            unanswered(key, e);
        }
        return null;
    }

    private static void unanswered(String key, Exception e) {
        log.debug("shared sign-in backoff {} unanswered, this node's count decides: {}", key, e.toString());
    }
}
