package dev.confab.bench;

import dev.confab.bench.ws.WsConn;
import dev.confab.bench.ws.WsEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens one socket per account through the NIO engine, spreading them over source addresses
 * 127.0.0.1..127.0.0.K (about 28,000 ephemeral ports each), with a bounded number of upgrades in
 * flight, and waits for every {@code hello}. Frames after hello go to the scenario's handler.
 */
final class Fleet {
    /** Who a connection is; the scenario may hang its own state on {@code data}. */
    static final class Peer {
        final Api.Account account;
        final int index;
        volatile long helloPos = -1;
        volatile long helloNanos;
        Object data;

        Peer(Api.Account account, int index) {
            this.account = account;
            this.index = index;
        }
    }

    static final int PORTS_PER_ADDRESS = 20_000;

    static InetAddress source(int i, int addresses) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + Math.floorMod(i, addresses))});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static int addressesFor(int n) {
        return Math.max(1, Math.min(250, (n + PORTS_PER_ADDRESS - 1) / PORTS_PER_ADDRESS + 1));
    }

    /** Result of opening a fleet: the open connections and how many failed, with the first reason. */
    record Opened(List<WsConn> conns, int failed, String firstFailure, double seconds) {}

    static Opened open(
            WsEngine engine,
            int port,
            List<Api.Account> accounts,
            int maxInFlight,
            Duration timeout,
            WsEngine.Handler inner)
            throws InterruptedException {
        int n = accounts.size();
        int addresses = addressesFor(n);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        Semaphore inFlight = new Semaphore(maxInFlight);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        WsEngine.Handler h = new WsEngine.Handler() {
            @Override
            public void onText(WsConn c, String text) {
                Peer p = (Peer) c.attachment;
                if (p.helloPos < 0 && text.startsWith("{\"type\":\"hello\"")) {
                    p.helloNanos = System.nanoTime();
                    p.helloPos = Scan.lastLong(text, "\"pos\":");
                    inFlight.release();
                    done.countDown();
                    return;
                }
                inner.onText(c, text);
            }

            @Override
            public void onClose(WsConn c, int code, String reason) {
                Peer p = (Peer) c.attachment;
                if (p.helloPos < 0) {
                    p.helloPos = -2;
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, code + " " + reason);
                    inFlight.release();
                    done.countDown();
                }
                inner.onClose(c, code, reason);
            }

            @Override
            public void onError(WsConn c, Throwable error) {
                inner.onError(c, error);
            }
        };
        long start = System.nanoTime();
        List<WsConn> conns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            Api.Account a = accounts.get(i);
            conns.add(engine.connect(server, source(i, addresses), "/ws?token=" + a.token(), h, new Peer(a, i)));
            if ((i + 1) % 5000 == 0)
                Log.info("connecting: " + (i + 1) + "/" + n + " started, " + engine.openConnections() + " open");
        }
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Log.info("timed out waiting for hello on " + done.getCount() + " sockets");
        }
        double secs = (System.nanoTime() - start) / 1e9;
        List<WsConn> open = new ArrayList<>(n);
        for (WsConn c : conns) if (((Peer) c.attachment).helloPos >= 0) open.add(c);
        Log.info(String.format(
                "connected %d/%d sockets in %.1f s from %d source addresses (%d failed%s)",
                open.size(),
                n,
                secs,
                addresses,
                failed.get(),
                firstFailure.get() == null ? "" : ", first: " + firstFailure.get()));
        return new Opened(open, failed.get(), firstFailure.get(), secs);
    }
}
