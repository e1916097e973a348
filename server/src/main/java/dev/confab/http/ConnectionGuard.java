package dev.confab.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts connections that hold a file descriptor without making progress. Jetty's idle timeout is
 * per byte, so a header line or a body byte every few seconds kept a connection forever; here a
 * request's headers must all arrive within {@code headerTimeout} of its first byte (of the
 * connection's opening, for the first request), and its body within {@code bodyTimeout} of the
 * headers, in total. A client address may also hold at most {@code maxPerAddress} connections
 * (WebSockets included); more are closed as they are accepted.
 */
public final class ConnectionGuard implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SWEEP_MILLIS = 200;

    private enum Phase {
        HEADERS,
        BODY,
        HANDLING,
        IDLE
    }

    /** Where one HTTP/1 connection is in its current request. */
    private static final class State {
        Phase phase = Phase.HEADERS;
        long since = System.nanoTime();
        /** The current request's body deadline: media uploads get longer (issue 9). */
        long bodyDeadline;

        long bytesInWhenIdle;

        synchronized void enter(Phase next) {
            phase = next;
            since = System.nanoTime();
        }
    }

    private final long headerNanos;
    private final long bodyNanos;
    private final long uploadNanos;
    private final int maxPerAddress;
    private final ConcurrentHashMap<Connection, State> http = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Connection, InetAddress> addresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("connection-guard").daemon().factory());

    /** {@code uploadTimeout}: the body deadline of a media upload ({@code POST /api/v1/media}), which may be hundreds of megabytes. */
    public ConnectionGuard(Duration headerTimeout, Duration bodyTimeout, Duration uploadTimeout, int maxPerAddress) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.uploadNanos = uploadTimeout.toNanos();
        this.maxPerAddress = maxPerAddress;
    }

    /** Watches every request, from before any handler runs. */
    public void install(HttpConfiguration config) {
        config.addCustomizer(new Tracking());
    }

    /** Watches every connection of the (started) server's connectors. */
    public void install(Server server) {
        for (Connector c : server.getConnectors()) c.addBean(this);
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void close() {
        sweeper.shutdownNow();
    }

    @Override
    public void onOpened(Connection c) {
        InetAddress address = address(c.getEndPoint().getRemoteSocketAddress());
        if (address != null) {
            addresses.put(c, address);
            int open = perAddress
                    .computeIfAbsent(address, a -> new AtomicInteger())
                    .incrementAndGet();
            if (open > maxPerAddress) {
                log.debug("closing a connection from {}: {} open, at most {} allowed", address, open, maxPerAddress);
                c.getEndPoint().close();
                return;
            }
        }
        // After a WebSocket upgrade the endpoint carries another kind of connection, untracked here.
        if (c instanceof org.eclipse.jetty.server.internal.HttpConnection) http.put(c, new State());
    }

    @Override
    public void onClosed(Connection c) {
        http.remove(c);
        InetAddress address = addresses.remove(c);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private void sweep() {
        long now = System.nanoTime();
        http.forEach((c, s) -> {
            boolean cut;
            synchronized (s) {
                if (s.phase == Phase.IDLE && c.getBytesIn() > s.bytesInWhenIdle) {
                    s.phase = Phase.HEADERS; // the next request has begun to arrive
                    s.since = now;
                }
                cut = s.phase == Phase.HEADERS && now - s.since > headerNanos
                        || s.phase == Phase.BODY && now - s.since > s.bodyDeadline;
            }
            if (cut) {
                log.debug(
                        "closing a connection from {}: its request's {} did not arrive in time",
                        c.getEndPoint().getRemoteSocketAddress(),
                        s.phase == Phase.HEADERS ? "headers" : "body");
                http.remove(c);
                c.getEndPoint().close();
            }
        });
    }

    /**
     * Sees each request once its headers are in (as a customizer, which Jetty runs before any
     * handler), notes when its body has been read and when it is answered.
     */
    private final class Tracking implements HttpConfiguration.Customizer {
        @Override
        public Request customize(Request request, HttpFields.Mutable responseHeaders) {
            Connection c = request.getConnectionMetaData().getConnection();
            State s = http.get(c);
            if (s == null) return request;
            s.bodyDeadline = isUpload(request) ? uploadNanos : bodyNanos;
            s.enter(hasBody(request) ? Phase.BODY : Phase.HANDLING);
            Request.addCompletionListener(request, failure -> {
                synchronized (s) {
                    s.enter(Phase.IDLE);
                    s.bytesInWhenIdle = c.getBytesIn();
                }
            });
            return new Request.Wrapper(request) {
                @Override
                public Content.Chunk read() {
                    Content.Chunk chunk = super.read();
                    if (chunk != null && (chunk.isLast() || Content.Chunk.isFailure(chunk))) {
                        synchronized (s) {
                            if (s.phase == Phase.BODY) s.enter(Phase.HANDLING);
                        }
                    }
                    return chunk;
                }
            };
        }

        private static boolean isUpload(Request request) {
            return "POST".equals(request.getMethod())
                    && "/api/v1/media".equals(request.getHttpURI().getPath());
        }

        private static boolean hasBody(Request request) {
            long length = request.getLength();
            return length > 0 || length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        }
    }
}
