package dev.confab.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.account.Accounts;
import dev.confab.account.Principal;
import dev.confab.account.SessionTokens;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.inbox.Inbox;
import dev.confab.message.HistoryQuery;
import dev.confab.message.MessageChange;
import dev.confab.message.Messaging;
import dev.confab.wire.Fields;
import dev.confab.wire.Frames;
import dev.confab.wire.Json;
import dev.confab.wire.Utf8;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} endpoint: authenticates the upgrade, then turns frames into calls on the domain
 * services. Writes (send, read, received) are handed to the commit queue from the socket's own
 * thread, so one device's sends keep their order; reads (sync, history) run on virtual threads.
 */
public final class SocketEndpoint {
    private static final Logger log = LoggerFactory.getLogger(SocketEndpoint.class);
    private static final String PRINCIPAL = "confab.principal";
    private static final String CONNECTION = "confab.connection";
    static final int CLOSE_GOING_AWAY = 1001;

    private final Accounts accounts;
    private final Messaging messaging;
    private final Inbox inbox;
    private final ConnectionRegistry registry;
    private final LiveSignals signals;
    private final int maxFrameBytes;
    private final int sendQueueFrames;
    private final Connection.QueuedBytes queuedBytes;
    private final int maxPendingReads;
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    /** Runs socket writes (each a short non-blocking hand-off to Jetty) off the threads that queue frames. */
    private final ExecutorService writes = new java.util.concurrent.ForkJoinPool(
            Runtime.getRuntime().availableProcessors(),
            java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory,
            null,
            true);

    private final Counter framesIn;
    private final Counter overflows;
    private final Timer sendToAck;
    private volatile boolean accepting = true;

    public SocketEndpoint(
            Accounts accounts,
            Messaging messaging,
            Inbox inbox,
            ConnectionRegistry registry,
            LiveSignals signals,
            MeterRegistry metrics,
            int maxFrameBytes,
            int sendQueueFrames,
            long sendQueueBytes,
            int maxPendingReads) {
        this.accounts = accounts;
        this.signals = signals;
        this.messaging = messaging;
        this.inbox = inbox;
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
        this.sendQueueFrames = sendQueueFrames;
        this.queuedBytes = new Connection.QueuedBytes(sendQueueBytes);
        this.maxPendingReads = maxPendingReads;
        metrics.gauge("confab.socket.queued.bytes", queuedBytes, Connection.QueuedBytes::total);
        this.framesIn = Counter.builder("confab.frames.in")
                .description("frames received from sockets")
                .register(metrics);
        this.overflows = Counter.builder("confab.socket.overflows")
                .description("sockets closed for a full send queue")
                .register(metrics);
        this.sendToAck = Timer.builder("confab.send.ack.latency")
                .description("from a send frame to its sent reply")
                .publishPercentileHistogram()
                .register(metrics);
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade("/ws", this::authenticateUpgrade);
        routes.ws("/ws", ws -> {
            ws.onConnect(this::opened);
            ws.onMessage(ctx -> received(ctx, ctx.message()));
            ws.onBinaryMessage(this::receivedBinary);
            ws.onClose(ctx -> closed(ctx));
            ws.onError(ctx -> {
                if (ctx.error() != null)
                    log.debug("socket error: {}", ctx.error().toString());
            });
        });
    }

    private void authenticateUpgrade(Context ctx) {
        if (!accepting) throw new ConfabException(ErrorCode.SHUTTING_DOWN);
        String token = ctx.queryParam("token");
        if (token == null) token = SessionTokens.fromAuthorization(ctx.header("Authorization"));
        ctx.attribute(PRINCIPAL, accounts.authenticate(token));
    }

    private void opened(WsContext ctx) {
        Principal who = ctx.attribute(PRINCIPAL);
        Connection c = new Connection(
                ids.incrementAndGet(), who, ctx.session, sendQueueFrames, queuedBytes, overflows::increment, writes);
        ctx.attribute(CONNECTION, c);
        // hello is the first frame. The connection holds its writes until it is registered, so a
        // device that has seen hello is always reachable (live frames queue behind hello, and a
        // shutdown closes it with 1001).
        c.send(Json.write(new Frames.Hello(who.user(), who.sessionId(), inbox.position())));
        registry.add(c);
        // The upgrade checked the session, but a revocation committed since then found no socket to
        // close. Registered now, a later revocation will find it; an earlier one shows in the store.
        if (!accounts.stillActive(who)) {
            registry.remove(c);
            c.close(ConnectionRegistry.CLOSE_SESSION_ENDED, "session ended");
            return;
        }
        c.start();
        signals.connected(who.userId());
    }

    private void closed(WsContext ctx) {
        Connection c = ctx.attribute(CONNECTION);
        if (c == null) return;
        registry.remove(c);
        signals.disconnected(c.userId());
    }

    private void received(WsContext ctx, String text) {
        Connection c = ctx.attribute(CONNECTION);
        // Frames can still arrive after we closed the socket (revoked, expired, overflowed): none is served.
        if (c == null || c.isClosed()) return;
        if (accounts.expired(c.principal)) {
            registry.remove(c);
            c.close(ConnectionRegistry.CLOSE_SESSION_ENDED, "session expired");
            return;
        }
        framesIn.increment();
        String ref = null;
        try {
            if (Utf8.exceeds(text, maxFrameBytes)) {
                throw new ConfabException(
                        ErrorCode.FRAME_TOO_LARGE, "Frames may be at most " + maxFrameBytes + " bytes.");
            }
            JsonNode node = Json.readObject(text);
            Fields f = new Fields(node);
            ref = f.optionalString("ref");
            if (ref != null && ref.length() > 64) {
                ref = null;
                throw ConfabException.invalid("ref must be at most 64 characters");
            }
            dispatch(c, f, ref);
        } catch (ConfabException e) {
            c.send(Json.write(Frames.Error.of(ref, e)));
        } catch (RuntimeException e) {
            log.error("frame handling failed", e);
            c.send(Json.write(Frames.Error.of(ref, new ConfabException(ErrorCode.INTERNAL))));
        }
    }

    /** Frames are JSON text; a binary frame is refused (its bytes unread) and the socket stays usable. */
    private void receivedBinary(WsContext ctx) {
        Connection c = ctx.attribute(CONNECTION);
        if (c == null) return;
        framesIn.increment();
        c.send(Json.write(Frames.Error.of(
                null,
                new ConfabException(ErrorCode.BAD_FRAME, "Frames are JSON text; binary frames are not accepted."))));
    }

    private void dispatch(Connection c, Fields f, String ref) {
        Principal who = c.principal;
        String type = f.optionalString("type");
        if (type == null) throw new ConfabException(ErrorCode.BAD_FRAME, "Every frame needs a type.");
        switch (type) {
            case "send" -> {
                long start = System.nanoTime();
                long roomId = f.requiredLong("roomId");
                String clientId = f.requiredString("clientId");
                Fields forward = f.optionalObject("forward");
                Long mediaId = f.optionalLong("mediaId");
                var posted = forward != null
                        ? messaging.forward(
                                who,
                                roomId,
                                clientId,
                                forward.requiredLong("roomId"),
                                forward.requiredLong("seq"),
                                c.id)
                        : mediaId != null
                                ? messaging.sendMedia(who, roomId, clientId, mediaId, f.optionalString("text"), c.id)
                                : messaging.send(
                                        who,
                                        roomId,
                                        clientId,
                                        f.requiredString("text"),
                                        f.optionalLong("replyTo"),
                                        c.id);
                posted.whenComplete((p, err) -> {
                    if (err == null) {
                        sendToAck.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        c.send(Json.write(new Frames.Sent(ref, p.duplicate(), p.message())));
                    } else {
                        replyError(c, ref, err);
                    }
                });
            }
            case "edit" ->
                messaging
                        .edit(who, f.requiredLong("roomId"), f.requiredLong("seq"), f.requiredString("text"), c.id)
                        .whenComplete((changed, err) -> {
                            if (err == null) c.send(Json.write(new Frames.Edited(ref, changed.message())));
                            else replyError(c, ref, err);
                        });
            case "react" ->
                messaging
                        .react(
                                who,
                                f.requiredLong("roomId"),
                                f.requiredLong("seq"),
                                f.requiredString("emoji"),
                                f.optionalBoolean("add", true),
                                c.id)
                        .whenComplete((changed, err) -> {
                            if (err == null)
                                c.send(Json.write(new Frames.Reacted(ref, (MessageChange.Reacted) changed.change())));
                            else replyError(c, ref, err);
                        });
            case "received" ->
                messaging
                        .received(who, f.requiredLong("roomId"), f.requiredLong("seq"))
                        .whenComplete((r, err) -> {
                            if (err != null && ref != null) replyError(c, ref, err);
                        });
            case "read" ->
                messaging
                        .read(who, f.requiredLong("roomId"), f.requiredLong("seq"))
                        .whenComplete((r, err) -> {
                            if (err == null) c.send(Json.write(new Frames.Cursor(ref, r)));
                            else replyError(c, ref, err);
                        });
            case "sync" -> {
                long since = f.optionalLong("since") == null ? 0 : f.optionalLong("since");
                int limit = f.optionalInt("limit", Inbox.DEFAULT_SYNC_BATCH);
                answerLater(c, ref, () -> new Frames.Sync(ref, Frames.SyncBody.of(inbox.sync(who, since, limit))));
            }
            case "history" -> {
                long roomId = f.requiredLong("roomId");
                HistoryQuery q = new HistoryQuery(
                        f.optionalLong("before"),
                        f.optionalLong("after"),
                        f.optionalInt("limit", HistoryQuery.DEFAULT_LIMIT));
                answerLater(
                        c,
                        ref,
                        () -> new Frames.History(ref, Frames.HistoryBody.of(messaging.history(who, roomId, q))));
            }
            case "ping" -> c.send(Json.write(new Frames.Pong(ref)));
            case "typing" -> signals.typing(c, f.requiredLong("roomId"), f.requiredBoolean("active"), ref);
            default -> throw new ConfabException(ErrorCode.BAD_FRAME, "Unknown frame type: " + abbreviate(type));
        }
    }

    /**
     * Runs a read off the socket's thread. A socket may have only {@code maxPendingReads} of them
     * being answered at once: without that bound one socket could start any number of queries and
     * hold their pages in memory at the same time.
     */
    private void answerLater(Connection c, String ref, Supplier<Object> answer) {
        if (c.pendingReads.incrementAndGet() > maxPendingReads) {
            c.pendingReads.decrementAndGet();
            throw new ConfabException(
                    ErrorCode.TOO_MANY_PENDING,
                    "At most " + maxPendingReads
                            + " history and sync requests may be unanswered at once on one socket; wait for their replies.");
        }
        CompletableFuture<Object> reply;
        try {
            reply = CompletableFuture.supplyAsync(answer, readers);
        } catch (RuntimeException e) {
            c.pendingReads.decrementAndGet();
            throw e;
        }
        reply.whenComplete((frame, err) -> {
            c.pendingReads.decrementAndGet();
            if (err == null) c.send(Json.write(frame));
            else replyError(c, ref, err);
        });
    }

    private static void replyError(Connection c, String ref, Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause()
                : err;
        ConfabException e;
        if (cause instanceof ConfabException ce) {
            e = ce;
        } else {
            log.error("socket request failed", cause);
            e = new ConfabException(ErrorCode.INTERNAL);
        }
        c.send(Json.write(Frames.Error.of(ref, e)));
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    /** Refuses new sockets from now on. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Lets queued frames drain, then closes every socket with 1001 (going away). */
    public void closeAll(long graceMillis) {
        long deadline = System.currentTimeMillis() + Math.max(0, graceMillis);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Connection c : registry.all())
            closing.add(c.closeAfterFlush(CLOSE_GOING_AWAY, "server shutting down", deadline));
        // Stopping HTTP right after would cut connections whose close frame is still being written (1006, not 1001).
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(Math.max(1000, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("some sockets did not finish closing: {}", e.toString());
        }
        readers.shutdown();
        writes.shutdown();
    }

    public int connections() {
        return registry.count();
    }
}
