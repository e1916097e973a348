package dev.confab.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.confab.wire.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: Web Push requests (encrypted, VAPID-signed) to allowed push services and
 * JSON notifications to the operator's push gateway. A push leaves the outbox once the service
 * accepted it, or for good when it refused it; failures that may pass are retried with
 * exponential backoff. A subscription the service reports gone (404, 410) and a pushkey the
 * gateway rejects are removed.
 */
public final class PushSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushSender.class);
    private static final int BATCH = 64;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** Longer than a batch may take (requests time out after 15 s, a batch is given up after 60 s): meanwhile other nodes pass over it. */
    private static final Duration HOLD = Duration.ofMinutes(2);
    /** How long a push service should keep a message for an unreachable device. */
    static final int TTL_SECONDS = 86_400;

    public record Settings(URI gateway, Duration retryBase, int maxAttempts) {}

    private final PushStore store;
    private final Vapid vapid;
    private final EndpointPolicy policy;
    private final Settings settings;
    private final Clock clock;
    private final HttpClient http;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>(1);
    private final Thread thread;
    private final MeterRegistry metrics;
    private volatile boolean running = true;

    public PushSender(
            PushStore store,
            Vapid vapid,
            EndpointPolicy policy,
            Settings settings,
            Clock clock,
            MeterRegistry metrics) {
        this.store = store;
        this.vapid = vapid;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        // Never follow redirects: a push service redirecting elsewhere would bypass the allowlist.
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.thread = Thread.ofPlatform().name("push-sender").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void run() {
        while (running) {
            try {
                Instant now = clock.instant();
                List<PushStore.Pending> due = store.claimDue(now, now.plus(HOLD), BATCH);
                if (due.isEmpty()) {
                    long waitMs = store.nextDue()
                            .map(t -> Duration.between(clock.instant(), t).toMillis())
                            .orElse(5000L);
                    wakeups.poll(Math.max(10, Math.min(5000, waitMs)), TimeUnit.MILLISECONDS);
                    continue;
                }
                List<CompletableFuture<Void>> inFlight = new ArrayList<>(due.size());
                for (PushStore.Pending p : due) inFlight.add(deliver(p));
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("push sending failed: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private enum Result {
        SENT,
        GONE,
        REFUSED,
        RETRY
    }

    private CompletableFuture<Void> deliver(PushStore.Pending p) {
        HttpRequest request;
        try {
            request = p.target().kind() == PushTarget.Kind.WEBPUSH ? webPush(p) : gateway(p);
        } catch (RuntimeException e) {
            log.warn("push {} cannot be built, dropped: {}", p.id(), e.toString());
            finish(p, Result.REFUSED, null);
            return CompletableFuture.completedFuture(null);
        }
        if (request == null) {
            finish(p, Result.REFUSED, null);
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    try {
                        if (error != null) finish(p, Result.RETRY, null);
                        else finish(p, classify(p, response), response);
                    } catch (RuntimeException e) {
                        log.warn("recording push {} failed: {}", p.id(), e.toString());
                    }
                    return null;
                });
    }

    private HttpRequest webPush(PushStore.Pending p) {
        URI endpoint = policy.check(p.target().address());
        if (endpoint == null) {
            log.info("push endpoint no longer on the allowlist, push dropped");
            return null;
        }
        byte[] body = WebPushEncryption.encrypt(
                p.payload().getBytes(StandardCharsets.UTF_8),
                Base64.getUrlDecoder().decode(p.target().p256dh()),
                Base64.getUrlDecoder().decode(p.target().auth()));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(15))
                .header("TTL", String.valueOf(TTL_SECONDS))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("Urgency", p.urgency())
                .header("Authorization", vapid.authorization(endpoint, clock.instant()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (p.topic() != null) b.header("Topic", p.topic());
        return b.build();
    }

    /** The gateway's notification: the payload plus priority, counts and the one device it is for (docs/notifications.md). */
    private HttpRequest gateway(PushStore.Pending p) {
        if (settings.gateway() == null) return null;
        ObjectNode n = (ObjectNode) Json.readObject(p.payload());
        n.put("id", String.valueOf(p.id()));
        n.put("prio", "high".equals(p.urgency()) ? "high" : "low");
        n.putObject("counts").put("unread", n.path("unread").asLong());
        n.remove("unread");
        ObjectNode device = n.putArray("devices").addObject();
        device.put("appId", p.target().appId());
        device.put("pushkey", p.target().address());
        if (p.target().data() != null)
            device.set("data", Json.readObject(p.target().data()));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("notification", n);
        return HttpRequest.newBuilder(settings.gateway())
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .build();
    }

    private static Result classify(PushStore.Pending p, HttpResponse<String> r) {
        int s = r.statusCode();
        if (p.target().kind() == PushTarget.Kind.GATEWAY) {
            if (s / 100 == 2) {
                try {
                    JsonNode rejected = Json.readObject(r.body()).path("rejected");
                    for (JsonNode key : rejected)
                        if (key.asText().equals(p.target().address())) return Result.GONE;
                } catch (RuntimeException e) {
                    // an answer without a body rejects nothing
                }
                return Result.SENT;
            }
        } else {
            if (s / 100 == 2) return Result.SENT;
            if (s == 404 || s == 410) return Result.GONE;
        }
        if (s == 429 || s >= 500) return Result.RETRY;
        return Result.REFUSED;
    }

    private void finish(PushStore.Pending p, Result result, HttpResponse<String> response) {
        Counter.builder("confab.push.deliveries")
                .tag("kind", p.target().kind().wire())
                .tag("result", result.name().toLowerCase())
                .register(metrics)
                .increment();
        switch (result) {
            case SENT -> store.remove(p.id());
            case GONE -> store.removeTargets(List.of(p.target().id()));
            case REFUSED -> {
                if (response != null) log.warn("push {} refused with {}, dropped", p.id(), response.statusCode());
                store.remove(p.id());
            }
            case RETRY -> {
                int attempts = p.attempts() + 1;
                if (attempts >= settings.maxAttempts()) {
                    log.warn("push {} failed {} times, dropped", p.id(), attempts);
                    store.remove(p.id());
                    return;
                }
                Duration backoff = settings.retryBase().multipliedBy(1L << Math.min(20, attempts - 1));
                if (backoff.compareTo(MAX_BACKOFF) > 0) backoff = MAX_BACKOFF;
                Duration retryAfter = retryAfter(response);
                if (retryAfter != null && retryAfter.compareTo(backoff) > 0 && retryAfter.compareTo(MAX_BACKOFF) <= 0)
                    backoff = retryAfter;
                store.retry(p.id(), attempts, clock.instant().plus(backoff));
            }
        }
    }

    private static Duration retryAfter(HttpResponse<String> r) {
        if (r == null) return null;
        try {
            return r.headers()
                    .firstValue("Retry-After")
                    .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
                    .orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
