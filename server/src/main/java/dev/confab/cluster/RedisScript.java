package dev.confab.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Lua script run by its SHA-1, so a request carries a few bytes rather than the script; when Redis
 * does not know it (first use, or Redis restarted and forgot it) the script itself is sent once.
 */
final class RedisScript {
    private final String text;
    private final String sha;

    RedisScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    /** The script's integer answer, or an exception when Redis does not give one within {@code withinMs}. */
    long run(StatefulRedisConnection<String, String> redis, long withinMs, String[] keys, String... args)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return redis.async()
                    .<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args)
                    .get(withinMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) throw e;
            return redis.async()
                    .<Long>eval(text, ScriptOutputType.INTEGER, keys, args)
                    .get(withinMs, TimeUnit.MILLISECONDS);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
