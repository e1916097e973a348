package dev.confab.cluster;

import dev.confab.limit.SharedBuckets;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets in Redis, one key per user and kind ({@code prefix:rate:send:42}), as a GCRA
 * (the bucket is a single "theoretical arrival time"): one atomic script per request, on Redis's
 * clock so nodes with skewed clocks agree, expiring once the bucket is full again. An answer that
 * does not come within {@link #ANSWER_WITHIN_MS} counts as none, and the node's own bucket decides.
 */
final class RedisBuckets implements SharedBuckets {
    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    static final long ANSWER_WITHIN_MS = 100;

    // ARGV[1]: microseconds per token; ARGV[2]: the burst, in microseconds (interval x capacity).
    // Returns 0 when a token was taken, else the microseconds until one is back.
    private static final RedisScript SCRIPT = new RedisScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            local after = tat + interval
            if after - now > burst then return math.ceil(after - now - burst) end
            redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.ceil((after - now) / 1000) + 1)
            return 0
            """);

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    RedisBuckets(StatefulRedisConnection<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public OptionalLong tryAcquire(String key, int capacity, long windowNanos) {
        long interval = Math.max(1, windowNanos / 1000 / capacity);
        String[] keys = {prefix + ":rate:" + key};
        try {
            long waitMicros = SCRIPT.run(
                    redis, ANSWER_WITHIN_MS, keys, Long.toString(interval), Long.toString(interval * capacity));
            return OptionalLong.of(waitMicros * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("shared rate limit {} unanswered, this node's bucket decides: {}", key, e.toString());
            return OptionalLong.empty();
        }
    }
}
