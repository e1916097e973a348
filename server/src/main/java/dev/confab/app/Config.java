package dev.confab.app;

import dev.confab.account.LoginThrottle;
import dev.confab.limit.RateRule;
import dev.confab.media.MediaKind;
import dev.confab.media.MediaPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Server settings. Sources, later ones winning: built-in defaults, a properties file
 * ({@code --config=FILE} or {@code CONFAB_CONFIG}), environment variables ({@code CONFAB_HTTP_PORT}
 * for {@code http.port}), command-line flags ({@code --http.port=9000}).
 */
public record Config(
        String httpHost,
        int httpPort,
        String storeUrl,
        String storeUser,
        String storePassword,
        int storePoolSize,
        int bcryptCost,
        Duration sessionTtl,
        int maxTextLength,
        int maxFrameBytes,
        int sendQueueFrames,
        int commitMaxBatch,
        Duration shutdownGrace,
        RateRule sendRate,
        RateRule roomCreateRate,
        RateRule inviteCreateRate,
        RateRule joinRate,
        int maxAvatarBytes,
        String mediaDir,
        // several nodes (issue 12): blobs in an S3-compatible bucket; null = in mediaDir
        dev.confab.s3.S3MediaStore.Settings mediaS3,
        // media (issue 9)
        MediaPolicy mediaPolicy,
        RateRule uploadRate,
        int imageWorkers,
        int imageQueue,
        Duration mediaSweepEvery,
        Duration uploadTimeout,
        LoginThrottle.Settings loginThrottle,
        RateRule signupRate,
        int hashThreads,
        int hashQueue,
        // resource limits (issue 13)
        long sendQueueBytes,
        int maxPendingReads,
        RateRule readRate,
        RateRule avatarRate,
        long maxAvatarPixels,
        Duration headerTimeout,
        Duration bodyTimeout,
        int maxConnectionsPerAddress,
        // notifications and QR-code login (issue 11)
        String pushVapidSubject,
        String pushAllowedEndpoints,
        String pushGatewayUrl,
        Duration pushRetryBase,
        int pushMaxAttempts,
        int pushPreviewChars,
        Duration pairingTtl,
        // several nodes (issue 12)
        String busRedisUrl,
        String busPrefix,
        // edits and reactions (issue 10)
        Duration editWindow,
        List<String> reactionEmoji) {

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("http.host", "0.0.0.0");
        d.put("http.port", "8080");
        d.put("store.url", "jdbc:sqlite:data/confab.db");
        d.put("store.user", "");
        d.put("store.password", "");
        d.put("store.poolSize", "8");
        d.put("auth.bcryptCost", "11");
        d.put("auth.sessionDays", "30");
        d.put("limits.textLength", "4000");
        d.put("limits.frameBytes", "65536");
        d.put("socket.sendQueueFrames", "1024");
        d.put("commit.maxBatch", "512");
        d.put("shutdown.graceMillis", "5000");
        d.put("rate.send", "60/10s");
        d.put("rate.roomCreate", "20/1h");
        d.put("rate.inviteCreate", "30/1h");
        d.put("rate.join", "30/10m");
        d.put("limits.avatarBytes", String.valueOf(2 * 1024 * 1024));
        d.put("media.dir", "data/media");
        // several nodes (issue 12): an endpoint puts blobs in that S3-compatible bucket instead of media.dir
        d.put("media.s3.endpoint", "");
        d.put("media.s3.bucket", "confab");
        d.put("media.s3.region", "us-east-1");
        d.put("media.s3.accessKey", "");
        d.put("media.s3.secretKey", "");
        d.put("media.s3.prefix", "");
        d.put("media.s3.timeoutMillis", "30000");
        // media (issue 9)
        d.put("media.types.image", "image/jpeg,image/png,image/gif,image/webp");
        d.put("media.types.video", "video/mp4,video/webm,video/quicktime");
        d.put("media.types.audio", "audio/mpeg,audio/ogg,audio/mp4,audio/wav,audio/flac");
        d.put("media.types.file", MediaPolicy.ANY);
        d.put("media.maxBytes.image", String.valueOf(20L << 20));
        d.put("media.maxBytes.video", String.valueOf(512L << 20));
        d.put("media.maxBytes.audio", String.valueOf(100L << 20));
        d.put("media.maxBytes.file", String.valueOf(512L << 20));
        d.put("media.maxPixels", "50000000");
        d.put("media.quotaBytes", String.valueOf(2L << 30));
        d.put("media.thumbnailSide", "320");
        d.put("media.unattachedSeconds", String.valueOf(24 * 3600));
        d.put("media.sweepSeconds", "300");
        d.put("media.imageWorkers", "2");
        d.put("media.imageQueue", "16");
        d.put("rate.upload", "30/10m");
        d.put("http.uploadTimeoutMillis", String.valueOf(3_600_000));
        d.put("auth.loginFailures", "5");
        d.put("auth.accountFailures", "20");
        d.put("auth.addressFailures", "20");
        d.put("auth.loginMaxDelayMillis", "900000");
        d.put("rate.signup", "10/1h");
        d.put("auth.hashThreads", "0");
        d.put("auth.hashQueue", "32");
        // resource limits (issue 13)
        d.put("socket.sendQueueBytes", String.valueOf(8 * 1024 * 1024));
        d.put("socket.maxPendingReads", "8");
        d.put("rate.read", "120/10s");
        d.put("rate.avatar", "10/10m");
        d.put("limits.avatarPixels", String.valueOf(2048 * 2048));
        d.put("http.headerTimeoutMillis", "10000");
        d.put("http.bodyTimeoutMillis", "30000");
        d.put("http.maxConnectionsPerAddress", "256");
        // notifications and QR-code login (issue 11)
        d.put("push.vapidSubject", "mailto:postmaster@localhost");
        d.put("push.allowedEndpoints", dev.confab.push.EndpointPolicy.DEFAULT);
        d.put("push.gatewayUrl", "");
        d.put("push.retryBaseMillis", "2000");
        d.put("push.maxAttempts", "10");
        d.put("push.previewChars", "120");
        d.put("pairing.ttlSeconds", "60");
        // several nodes (issue 12)
        d.put("bus.redisUrl", "");
        d.put("bus.prefix", "confab");
        // edits and reactions (issue 10): 0 = messages stay editable; empty = the built-in emoji set
        d.put("messages.editWindowSeconds", "0");
        d.put("reactions.emoji", "");
        return Map.copyOf(d);
    }

    public static Config load(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("flags look like --key=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            flags.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String file = flags.getOrDefault("config", env.get("CONFAB_CONFIG"));
        if (file != null) {
            values.putAll(readFile(Path.of(file)));
        }
        for (String key : DEFAULTS.keySet()) {
            String v = env.get(envName(key));
            if (v != null) values.put(key, v);
        }
        flags.remove("config");
        for (var e : flags.entrySet()) {
            if (!DEFAULTS.containsKey(e.getKey())) throw new IllegalArgumentException("unknown setting: " + e.getKey());
            values.put(e.getKey(), e.getValue());
        }
        return fromMap(values);
    }

    public static Config fromMap(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        v.putAll(overrides);
        return new Config(
                v.get("http.host"),
                Integer.parseInt(v.get("http.port")),
                v.get("store.url"),
                v.get("store.user"),
                v.get("store.password"),
                Integer.parseInt(v.get("store.poolSize")),
                Integer.parseInt(v.get("auth.bcryptCost")),
                Duration.ofDays(Long.parseLong(v.get("auth.sessionDays"))),
                Integer.parseInt(v.get("limits.textLength")),
                Integer.parseInt(v.get("limits.frameBytes")),
                Integer.parseInt(v.get("socket.sendQueueFrames")),
                Integer.parseInt(v.get("commit.maxBatch")),
                Duration.ofMillis(Long.parseLong(v.get("shutdown.graceMillis"))),
                RateRule.parse(v.get("rate.send")),
                RateRule.parse(v.get("rate.roomCreate")),
                RateRule.parse(v.get("rate.inviteCreate")),
                RateRule.parse(v.get("rate.join")),
                Integer.parseInt(v.get("limits.avatarBytes")),
                v.get("media.dir"),
                mediaS3(v),
                mediaPolicy(v),
                RateRule.parse(v.get("rate.upload")),
                Integer.parseInt(v.get("media.imageWorkers")),
                Integer.parseInt(v.get("media.imageQueue")),
                Duration.ofSeconds(Long.parseLong(v.get("media.sweepSeconds"))),
                Duration.ofMillis(Long.parseLong(v.get("http.uploadTimeoutMillis"))),
                new LoginThrottle.Settings(
                        Integer.parseInt(v.get("auth.loginFailures")),
                        Integer.parseInt(v.get("auth.accountFailures")),
                        Integer.parseInt(v.get("auth.addressFailures")),
                        Duration.ofMillis(Long.parseLong(v.get("auth.loginMaxDelayMillis")))),
                RateRule.parse(v.get("rate.signup")),
                Integer.parseInt(v.get("auth.hashThreads")),
                Integer.parseInt(v.get("auth.hashQueue")),
                Long.parseLong(v.get("socket.sendQueueBytes")),
                Integer.parseInt(v.get("socket.maxPendingReads")),
                RateRule.parse(v.get("rate.read")),
                RateRule.parse(v.get("rate.avatar")),
                Long.parseLong(v.get("limits.avatarPixels")),
                Duration.ofMillis(Long.parseLong(v.get("http.headerTimeoutMillis"))),
                Duration.ofMillis(Long.parseLong(v.get("http.bodyTimeoutMillis"))),
                Integer.parseInt(v.get("http.maxConnectionsPerAddress")),
                v.get("push.vapidSubject"),
                v.get("push.allowedEndpoints"),
                v.get("push.gatewayUrl"),
                Duration.ofMillis(Long.parseLong(v.get("push.retryBaseMillis"))),
                Integer.parseInt(v.get("push.maxAttempts")),
                Integer.parseInt(v.get("push.previewChars")),
                Duration.ofSeconds(Long.parseLong(v.get("pairing.ttlSeconds"))),
                v.get("bus.redisUrl").strip(),
                v.get("bus.prefix"),
                Duration.ofSeconds(Long.parseLong(v.get("messages.editWindowSeconds"))),
                v.get("reactions.emoji").isBlank()
                        ? List.of()
                        : List.of(v.get("reactions.emoji").trim().split("[\\s,]+")));
    }

    private static dev.confab.s3.S3MediaStore.Settings mediaS3(Map<String, String> v) {
        String endpoint = v.get("media.s3.endpoint").strip();
        if (endpoint.isEmpty()) return null;
        java.net.URI uri;
        try {
            uri = new java.net.URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("media.s3.endpoint must be an http(s) URL, got: " + endpoint, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null)
            throw new IllegalArgumentException("media.s3.endpoint must be an http(s) URL, got: " + endpoint);
        String bucket = v.get("media.s3.bucket").strip();
        if (bucket.isEmpty() || bucket.contains("/"))
            throw new IllegalArgumentException("media.s3.bucket must be a bucket name, got: " + bucket);
        return new dev.confab.s3.S3MediaStore.Settings(
                uri,
                bucket,
                v.get("media.s3.region").strip(),
                v.get("media.s3.accessKey").strip(),
                v.get("media.s3.secretKey").strip(),
                v.get("media.s3.prefix").strip(),
                Duration.ofMillis(Long.parseLong(v.get("media.s3.timeoutMillis"))));
    }

    private static MediaPolicy mediaPolicy(Map<String, String> v) {
        Map<MediaKind, Set<String>> types = new EnumMap<>(MediaKind.class);
        Map<MediaKind, Long> maxBytes = new EnumMap<>(MediaKind.class);
        for (MediaKind k : MediaKind.values()) {
            types.put(
                    k,
                    Arrays.stream(v.get("media.types." + k.wire()).split(","))
                            .map(String::trim)
                            .filter(t -> !t.isEmpty())
                            .map(t -> t.toLowerCase(Locale.ROOT))
                            .collect(Collectors.toSet()));
            maxBytes.put(k, Long.parseLong(v.get("media.maxBytes." + k.wire())));
        }
        return new MediaPolicy(
                types,
                maxBytes,
                Long.parseLong(v.get("media.maxPixels")),
                Long.parseLong(v.get("media.quotaBytes")),
                Integer.parseInt(v.get("media.thumbnailSide")),
                Duration.ofSeconds(Long.parseLong(v.get("media.unattachedSeconds"))));
    }

    static String envName(String key) {
        return "CONFAB_"
                + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readFile(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (!DEFAULTS.containsKey(name))
                throw new IllegalArgumentException("unknown setting in " + path + ": " + name);
            out.put(name, p.getProperty(name).trim());
        }
        return out;
    }
}
