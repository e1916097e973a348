package dev.confab.cluster;

import dev.confab.fanout.Envelope;
import dev.confab.fanout.Fanout;
import dev.confab.fanout.NodeDelivery;
import dev.confab.limit.SharedBackoff;
import dev.confab.limit.SharedBuckets;
import dev.confab.presence.Presence;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus across nodes: one Redis pub/sub channel, one subscription per node. Redis is only a
 * notifier: each committed change travels with its stream position, each node remembers what it
 * delivered ({@link StreamTracker}) and reads whatever it missed back from the store. It fills a gap
 * that stays open past a grace period, catches up when its subscription comes back, and when its own
 * probes stop coming back or a committed position has not arrived within a second. So a Redis
 * restart or a dropped subscription delays live delivery; it loses and duplicates nothing.
 * Ephemeral signals (typing, presence, session ends) are best effort: the store has no record of
 * them (session ends are also found by each node's poll of revocations).
 */
public final class RedisBus implements Fanout, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    static final long GAP_GRACE_MILLIS = 200;
    private static final long TICK_MILLIS = 250;
    private static final long SILENT_AFTER_MILLIS = 3000;
    private static final int REPLAY_PAGE = 500;

    private final long nodeId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final String channel;
    private final NodeDelivery node;
    private final StreamLog store;
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final StatefulRedisConnection<String, String> commands;
    private final RedisBuckets buckets;
    private final RedisBackoff backoff;
    private final StreamTracker tracker;
    private final RedisPresence presence;
    /** Everything received is handled here, in arrival order, off Lettuce's event loop. */
    private final ExecutorService receiver = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("bus-receiver").daemon().factory());

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bus-ticker").daemon().factory());
    private final Counter replayed;
    private final Counter duplicates;
    private volatile long lastProbeBack = System.currentTimeMillis();
    /** The store's position at the previous check: anything up to it should have arrived by the next. */
    private long expected;

    private long ticks;

    /**
     * @param prefix     names this installation's channel and keys, so several can share one Redis
     * @param connected  whether a user has a device on this node (the connection registry)
     * @param localUsers the users with a device on this node, for presence refreshes
     * @param sessionsHere a user's sessions with a socket on this node (Web Push skips them on every node)
     */
    public RedisBus(
            String redisUrl,
            String prefix,
            NodeDelivery node,
            StreamLog store,
            java.util.function.LongPredicate connected,
            java.util.function.Supplier<long[]> localUsers,
            java.util.function.LongFunction<long[]> sessionsHere,
            MeterRegistry metrics) {
        this.channel = prefix + ":bus";
        this.node = node;
        this.store = store;
        this.tracker = new StreamTracker(store.position());
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setClientName(prefix + "-node-" + Long.toHexString(nodeId));
        uri.setTimeout(Duration.ofSeconds(2));
        client = RedisClient.create(uri);
        // Commands issued while Redis is away fail at once instead of piling up: the store covers what they carried.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        replayed = Counter.builder("confab.bus.replayed")
                .description("changes delivered from the store after the bus missed them")
                .register(metrics);
        duplicates = Counter.builder("confab.bus.duplicates")
                .description("envelopes dropped as already delivered")
                .register(metrics);
        commands = client.connect();
        subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                receiver.execute(() -> received(message));
            }

            @Override
            public void subscribed(String ch, long count) {
                // also after Lettuce resubscribes on a new connection: whatever was published meanwhile is in the store
                receiver.execute(() -> catchUp("subscribed"));
            }
        });
        subscription.sync().subscribe(channel);
        presence = new RedisPresence(commands, prefix, Long.toHexString(nodeId), connected, localUsers, sessionsHere);
        buckets = new RedisBuckets(commands, prefix);
        backoff = new RedisBackoff(commands, prefix);
        ticker.scheduleWithFixedDelay(
                () -> receiver.execute(this::tick), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(
                presence::refreshAll, RedisPresence.REFRESH_SECONDS, RedisPresence.REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    public Presence presence() {
        return presence;
    }

    /** Rate-limit buckets shared by every node on this Redis. */
    public SharedBuckets buckets() {
        return buckets;
    }

    /** Sign-in failure counts shared by every node on this Redis. */
    public SharedBackoff backoff() {
        return backoff;
    }

    @Override
    public Reach publish(Envelope e) {
        if (e.pos() == 0 || tracker.accept(e.pos(), System.currentTimeMillis())) node.deliver(e);
        send(EnvelopeCodec.encode(nodeId, e.forOtherNodes()));
        return () -> presence.onlineAmong(node.recipients(e));
    }

    private void send(String text) {
        try {
            commands.async().publish(channel, text).exceptionally(failure -> {
                log.debug("bus publish failed: {}", failure.toString());
                return 0L;
            });
        } catch (RuntimeException failure) {
            log.debug("bus publish failed: {}", failure.toString());
        }
    }

    private void received(String text) {
        try {
            EnvelopeCodec.Decoded d = EnvelopeCodec.decode(text);
            if (d.origin() == nodeId) {
                if (d.ping()) lastProbeBack = System.currentTimeMillis();
                return; // delivered here when published
            }
            if (d.ping()) return;
            Envelope e = d.envelope();
            if (e.pos() != 0 && !tracker.accept(e.pos(), System.currentTimeMillis())) {
                duplicates.increment();
                return;
            }
            node.deliver(e);
        } catch (RuntimeException failure) {
            log.warn("bus envelope not delivered: {}", failure.toString());
        }
    }

    private void tick() {
        long now = System.currentTimeMillis();
        try {
            long gapEnd = tracker.overdueGapEnd(now, GAP_GRACE_MILLIS);
            if (gapEnd > 0) fill(gapEnd);
            if (now - lastProbeBack > SILENT_AFTER_MILLIS) {
                catchUp("bus silent"); // the probe did not come back: nothing is arriving, read the store
            } else if (++ticks % 4 == 0) {
                if (expected > tracker.contiguous()) fill(expected);
                expected = store.position();
            }
            if (ticks % 4 == 0 || now - lastProbeBack > SILENT_AFTER_MILLIS) send(EnvelopeCodec.ping(nodeId));
        } catch (RuntimeException failure) {
            log.warn("bus catch-up failed (next tick retries): {}", failure.toString());
        }
    }

    private void catchUp(String why) {
        try {
            long to = store.position();
            if (to > tracker.contiguous()) {
                log.debug("bus catching up to {} ({})", to, why);
                fill(to);
            }
        } catch (RuntimeException failure) {
            log.warn("bus catch-up failed (next tick retries): {}", failure.toString());
        }
    }

    /** Delivers from the store every committed message up to {@code upTo} that this node has not delivered. */
    private void fill(long upTo) {
        while (tracker.contiguous() < upTo) {
            List<Envelope> page = store.between(tracker.contiguous(), upTo, REPLAY_PAGE);
            long now = System.currentTimeMillis();
            for (Envelope e : page) {
                if (tracker.accept(e.pos(), now)) {
                    node.deliver(e);
                    replayed.increment();
                }
            }
            tracker.skipTo(page.size() < REPLAY_PAGE ? upTo : page.getLast().pos());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        receiver.shutdownNow();
        try {
            presence.close();
            subscription.close();
            commands.close();
        } catch (RuntimeException e) {
            log.debug("closing the bus: {}", e.toString());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
