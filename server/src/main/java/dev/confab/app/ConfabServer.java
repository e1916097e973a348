package dev.confab.app;

import dev.confab.account.Accounts;
import dev.confab.account.AuthAttempts;
import dev.confab.account.Blocks;
import dev.confab.account.LoginThrottle;
import dev.confab.account.PasswordHasher;
import dev.confab.account.Profiles;
import dev.confab.cluster.RedisBus;
import dev.confab.cluster.StreamLog;
import dev.confab.fanout.Fanout;
import dev.confab.fanout.LocalFanout;
import dev.confab.fanout.NodeDelivery;
import dev.confab.fanout.RoomAudience;
import dev.confab.gateway.ConnectionRegistry;
import dev.confab.gateway.EventPublisher;
import dev.confab.gateway.LiveSignals;
import dev.confab.gateway.PairingSocket;
import dev.confab.gateway.SocketEndpoint;
import dev.confab.http.ErrorResponses;
import dev.confab.http.MediaRoutes;
import dev.confab.http.NotificationRoutes;
import dev.confab.http.PairingRoutes;
import dev.confab.http.ProfileRoutes;
import dev.confab.http.RestApi;
import dev.confab.inbox.Inbox;
import dev.confab.limit.RateLimiter;
import dev.confab.limit.SharedBackoff;
import dev.confab.limit.SharedBuckets;
import dev.confab.media.ImageWorkers;
import dev.confab.media.Uploads;
import dev.confab.message.Messaging;
import dev.confab.message.ReactionEmoji;
import dev.confab.metrics.MicrometerCommitMetrics;
import dev.confab.notify.NotificationSettings;
import dev.confab.pairing.Pairings;
import dev.confab.presence.LocalPresence;
import dev.confab.presence.Presence;
import dev.confab.push.EndpointPolicy;
import dev.confab.push.P256;
import dev.confab.push.PlanningEvents;
import dev.confab.push.PushPlanner;
import dev.confab.push.PushSender;
import dev.confab.push.PushTargets;
import dev.confab.push.Vapid;
import dev.confab.room.Rooms;
import dev.confab.search.Search;
import dev.confab.store.Database;
import dev.confab.store.SqlAccountStore;
import dev.confab.store.SqlBlockStore;
import dev.confab.store.SqlInboxStore;
import dev.confab.store.SqlMediaCatalog;
import dev.confab.store.SqlMessageStore;
import dev.confab.store.SqlNotificationStore;
import dev.confab.store.SqlProfileStore;
import dev.confab.store.SqlPushStore;
import dev.confab.store.SqlRoomStore;
import dev.confab.store.SqlSearchIndex;
import dev.confab.store.SqlStreamLog;
import dev.confab.wire.Json;
import dev.confab.wire.NotificationViews;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the adapters to the domain services and runs them behind one Javalin server. */
public final class ConfabServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfabServer.class);
    /** Member lists of this many rooms stay cached for fan-out (a few MB for rooms of tens of members). */
    private static final long AUDIENCE_CACHE_ROOMS = 50_000;

    private final Config config;
    private final Database db;
    private final Messaging messaging;
    private final PushPlanner pushPlanner;
    private final PushSender pushSender;
    private final PairingSocket pairingSocket;
    private final SocketEndpoint sockets;
    private final RestApi rest;
    private final Javalin http;
    private final PrometheusMeterRegistry metrics;
    private final Uploads uploads;
    private final ImageWorkers imageWorkers;
    private final dev.confab.http.ConnectionGuard connectionGuard;
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("housekeeping").daemon().factory());
    /** The Redis bus when nodes share one store; null on a single node. */
    private final RedisBus bus;

    private volatile boolean ready;
    private volatile boolean stopped;

    private ConfabServer(Config config, Clock clock) {
        this.config = config;
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new FileDescriptorMetrics().bindTo(metrics);

        db = Database.open(
                config.storeUrl(), config.storeUser(), config.storePassword(), config.storePoolSize(), metrics);
        SqlRoomStore roomStore = new SqlRoomStore(db);
        // This node's sockets: the bus reaches them, resolving room audiences here; presence reads them.
        ConnectionRegistry connections = new ConnectionRegistry(metrics);
        RoomAudience audience = new RoomAudience(roomStore::activeMemberIds, AUDIENCE_CACHE_ROOMS);
        NodeDelivery node = new NodeDelivery(
                connections, audience, new RoomAudience(roomStore::cursorObserverIds, AUDIENCE_CACHE_ROOMS));
        Fanout fanout;
        Presence presence;
        if (config.busRedisUrl().isEmpty()) {
            bus = null;
            presence = new LocalPresence(connections::online, connections::sessionsOf);
            fanout = new LocalFanout(node, presence);
        } else {
            SqlStreamLog streamLog = new SqlStreamLog(db);
            StreamLog replay = new StreamLog() {
                @Override
                public long position() {
                    return streamLog.position();
                }

                @Override
                public List<dev.confab.fanout.Envelope> between(long after, long upTo, int limit) {
                    return streamLog.messagesBetween(after, upTo, limit).stream()
                            .map(EventPublisher::replayed)
                            .toList();
                }
            };
            bus = new RedisBus(
                    config.busRedisUrl(),
                    config.busPrefix(),
                    node,
                    replay,
                    connections::online,
                    connections::onlineUsers,
                    connections::sessionsOf,
                    metrics);
            presence = bus.presence();
            fanout = bus;
        }
        // with several nodes a user's budget is one, wherever their devices connect
        SharedBuckets buckets = bus == null ? SharedBuckets.NONE : bus.buckets();
        LoginThrottle loginThrottle =
                new LoginThrottle(config.loginThrottle(), bus == null ? SharedBackoff.NONE : bus.backoff());
        RateLimiter signups = new RateLimiter("signup", "sign-ups from this address", config.signupRate(), buckets);
        AuthAttempts attempts = (action, outcome) -> metrics.counter(
                        "confab.auth.attempts",
                        "action",
                        action.name().toLowerCase(Locale.ROOT),
                        "outcome",
                        outcome.name().toLowerCase(Locale.ROOT))
                .increment();
        Accounts accounts = new Accounts(
                new SqlAccountStore(db),
                new PasswordHasher(config.bcryptCost(), config.hashThreads(), config.hashQueue()),
                clock,
                config.sessionTtl(),
                new Accounts.Guard(loginThrottle, signups, attempts));
        // history and sync share one budget per user: both read pages of the store.
        RateLimiter reads = new RateLimiter("read", "history and sync requests", config.readRate(), buckets);
        Inbox inbox = new Inbox(new SqlInboxStore(db), reads);
        RateLimiter avatarUploads = new RateLimiter("avatar", "avatar uploads", config.avatarRate(), buckets);

        EventPublisher events = new EventPublisher(fanout);
        RateLimiter sends = new RateLimiter("send", "messages", config.sendRate(), buckets);
        Rooms.Limits roomLimits = new Rooms.Limits(
                new RateLimiter("room", "rooms created", config.roomCreateRate(), buckets),
                new RateLimiter("invite", "invite links created", config.inviteCreateRate(), buckets),
                new RateLimiter("join", "joins", config.joinRate(), buckets));
        // Pushes (issue 11): planned from the committed stream off the commit thread, sent from the outbox.
        SqlPushStore pushStore = new SqlPushStore(db);
        Vapid vapid = new Vapid(pushStore.vapidKeys(P256::generate), config.pushVapidSubject());
        EndpointPolicy endpoints = new EndpointPolicy(config.pushAllowedEndpoints());
        URI gateway = config.pushGatewayUrl().isBlank()
                ? null
                : URI.create(config.pushGatewayUrl().trim());
        pushSender = new PushSender(
                pushStore,
                vapid,
                endpoints,
                new PushSender.Settings(gateway, config.pushRetryBase(), config.pushMaxAttempts()),
                clock,
                metrics);
        PushTargets pushTargets = new PushTargets(pushStore, endpoints, gateway != null, vapid, clock);
        pushPlanner = new PushPlanner(
                pushStore, presence::sessionsWithSocket, clock, config.pushPreviewChars(), pushSender::wake);
        messaging = new Messaging(
                new SqlMessageStore(db),
                new PlanningEvents(events, pushPlanner),
                clock,
                config.maxTextLength(),
                config.commitMaxBatch(),
                sends,
                new MicrometerCommitMetrics(metrics),
                reads,
                config.editWindow(),
                config.reactionEmoji().isEmpty()
                        ? ReactionEmoji.defaults()
                        : new ReactionEmoji(config.reactionEmoji()));
        Rooms rooms = new Rooms(roomStore, events, clock, roomLimits);
        // Full buckets carry no information; dropping them keeps idle users free.
        housekeeping.scheduleAtFixedRate(
                () -> {
                    for (RateLimiter l : List.of(
                            sends,
                            roomLimits.roomCreation(),
                            roomLimits.inviteCreation(),
                            roomLimits.joins(),
                            reads,
                            avatarUploads)) l.sweep();
                    signups.sweep();
                    loginThrottle.sweep();
                },
                1,
                1,
                java.util.concurrent.TimeUnit.MINUTES);
        dev.confab.media.MediaStore blobs = MediaStores.open(config);
        io.micrometer.core.instrument.Timer imageTime = io.micrometer.core.instrument.Timer.builder(
                        "confab.media.image.duration")
                .description("decoding an image and making its thumbnail and placeholder")
                .publishPercentileHistogram()
                .register(metrics);
        imageWorkers = new ImageWorkers(
                config.imageWorkers(),
                config.imageQueue(),
                nanos -> imageTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        RateLimiter uploadRate = new RateLimiter("upload", "uploads", config.uploadRate(), buckets);
        uploads = new Uploads(
                new SqlMediaCatalog(db),
                blobs,
                config.mediaPolicy(),
                imageWorkers,
                uploadRate,
                Path.of(config.mediaDir()).resolve("staging"),
                clock);
        long sweepEvery = config.mediaSweepEvery().toMillis();
        housekeeping.scheduleWithFixedDelay(
                this::sweepMedia, sweepEvery, sweepEvery, java.util.concurrent.TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(uploadRate::sweep, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        // a session that lapsed without a logout leaves its devices' push targets behind
        housekeeping.scheduleAtFixedRate(
                () -> {
                    try {
                        int gone = pushTargets.sweep();
                        if (gone > 0) log.info("removed {} push targets of lapsed sessions", gone);
                    } catch (RuntimeException e) {
                        log.warn("push target sweep failed: {}", e.toString());
                    }
                },
                1,
                60,
                java.util.concurrent.TimeUnit.MINUTES);
        // Sockets end with their session (4001); frames on an expired one are refused even between two runs.
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    try {
                        connections.closeExpired(clock.instant());
                    } catch (RuntimeException e) {
                        log.warn("closing expired sockets failed: {}", e.toString()); // and the next run tries again
                    }
                },
                1,
                1,
                java.util.concurrent.TimeUnit.SECONDS);
        SqlProfileStore profileStore = new SqlProfileStore(db);
        Profiles profiles = new Profiles(
                profileStore,
                accounts,
                uploads,
                config.maxAvatarBytes(),
                config.maxAvatarPixels(),
                presence::online,
                avatarUploads);
        LiveSignals signals = new LiveSignals(presence, profiles, accounts, fanout, audience, rooms::mayPost, clock);
        sockets = new SocketEndpoint(
                accounts,
                messaging,
                inbox,
                connections,
                signals,
                metrics,
                config.maxFrameBytes(),
                config.sendQueueFrames(),
                config.sendQueueBytes(),
                config.maxPendingReads());
        accounts.onRevocation(sessionId -> {
            fanout.publish(dev.confab.fanout.Envelope.closeSession(sessionId));
            pushTargets.sessionEnded(sessionId);
        });
        // Sessions ended outside this process (the admin command line, another node) close their sockets here too.
        // Each run looks a minute back, so clock differences between processes and a missed run lose nothing.
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    try {
                        for (long id : accounts.revokedSince(clock.instant().minusSeconds(60)))
                            connections.closeSession(id);
                    } catch (RuntimeException e) {
                        log.warn("looking up revoked sessions failed: {}", e.toString());
                    }
                },
                2,
                2,
                java.util.concurrent.TimeUnit.SECONDS);
        Pairings pairings = new Pairings(accounts, clock, config.pairingTtl(), housekeeping);
        pairingSocket = new PairingSocket(pairings);
        NotificationSettings notificationSettings = new NotificationSettings(
                new SqlNotificationStore(db),
                clock,
                (userId, snapshot) -> fanout.publish(dev.confab.fanout.Envelope.toUsers(
                        new long[] {userId},
                        Json.write(new NotificationViews.Changed(NotificationViews.Settings.of(snapshot))),
                        0)));
        rest = new RestApi(
                accounts,
                rooms,
                messaging,
                inbox,
                new Search(SqlSearchIndex.forDialect(db)),
                new ProfileRoutes(profiles, new Blocks(new SqlBlockStore(db), profileStore, clock)),
                new NotificationRoutes(notificationSettings, pushTargets),
                new PairingRoutes(pairings),
                new MediaRoutes(uploads));

        connectionGuard = new dev.confab.http.ConnectionGuard(
                config.headerTimeout(),
                config.bodyTimeout(),
                config.uploadTimeout(),
                config.maxConnectionsPerAddress());
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            c.jetty.host = config.httpHost();
            c.jetty.port = config.httpPort();
            // Jetty's per-connection header cache matches values ignoring case by default, so on a reused
            // connection "Bearer aBc" would be read as the cached "Bearer AbC": tokens must compare exactly.
            c.jetty.modifyHttpConfiguration(h -> h.setHeaderCacheCaseSensitive(true));
            // Jetty drops frames beyond this; up to it we answer frame_too_large and keep the socket.
            c.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxTextMessageSize(4L * config.maxFrameBytes());
                f.setMaxBinaryMessageSize(4L * config.maxFrameBytes());
                f.setIdleTimeout(java.time.Duration.ofMinutes(5)); // the one place a socket's idle timeout is set
            });
            ErrorResponses.register(c.routes);
            c.jetty.modifyServer(ErrorResponses::installJettyHandler);
            c.jetty.modifyHttpConfiguration(connectionGuard::install);
            c.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            c.routes.get("/readyz", ctx -> {
                boolean ok = ready && !stopped && db.ping();
                ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ready" : "not ready"));
            });
            c.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.scrape()));
            rest.register(c.routes);
            sockets.register(c.routes);
            pairingSocket.register(c.routes);
            new dev.confab.web.WebClient("/web").register(c.routes); // last: every other route matches first
        });
    }

    public static ConfabServer start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /** With the clock that sessions, messages and receipts are timed by (tests move it). */
    public static ConfabServer start(Config config, Clock clock) {
        ConfabServer server = new ConfabServer(config, clock);
        try {
            server.http.start();
            server.connectionGuard.install(server.http.jettyServer().server());
        } catch (RuntimeException e) {
            server.messaging.close();
            if (server.bus != null) server.bus.close();
            server.db.close();
            throw e;
        }
        server.pushPlanner.start();
        server.pushSender.start();
        server.ready = true;
        log.info(
                "confab listening on {}:{} with store {}",
                server.config.httpHost(),
                server.port(),
                server.db.dialect());
        return server;
    }

    public int port() {
        return http.port();
    }

    /** Removes uploads never attached to a message in time; runs on the housekeeping thread (and from tests). */
    public int sweepMedia() {
        try {
            int removed = uploads.sweep();
            if (removed > 0) log.info("removed {} unattached uploads", removed);
            return removed;
        } catch (RuntimeException e) {
            log.warn("media sweep failed: {}", e.toString());
            return 0;
        }
    }

    public List<RestApi.Route> routes() {
        return rest.routes();
    }

    /**
     * Graceful stop: refuse new sockets and writes, commit and acknowledge what is queued, let
     * sockets drain, close them with 1001, then stop HTTP and the store.
     */
    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        ready = false;
        log.info("confab stopping");
        sockets.stopAccepting();
        messaging.close();
        sockets.closeAll(config.shutdownGrace().toMillis());
        http.stop();
        pushPlanner.close();
        pushSender.close();
        if (bus != null) bus.close();
        connectionGuard.close();
        housekeeping.shutdownNow();
        imageWorkers.close();
        db.close();
        log.info("confab stopped");
    }
}
