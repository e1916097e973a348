package dev.confab.bench;

import dev.confab.bench.ws.WsConn;
import dev.confab.bench.ws.WsEngine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N idle authenticated sockets. Server memory is read before and after opening them, each time
 * after a full GC: heap used from /metrics, RSS from /proc/PID/status; the difference over N is the
 * cost of one connection. The sockets are then held idle and counted again.
 */
final class Capacity {
    private final Bench b;
    private final int connections;
    private final Duration hold;
    private final int inFlight;
    private final int ioThreads;

    Capacity(Bench b) {
        this.b = b;
        this.connections = b.args.integer("connections", 19_000);
        this.hold = b.args.seconds("hold", 30);
        this.inFlight = b.args.integer("inFlight", 512);
        this.ioThreads = b.args.integer("ioThreads", 2);
        b.args.checkAllRead();
    }

    record Memory(double heapUsed, long rss) {}

    private static Memory memory(ServerProcess s) throws Exception {
        s.gc();
        return new Memory(s.heapUsedBytes(), s.rssBytes());
    }

    void run() throws Exception {
        long selfLimit = ServerProcess.openFileLimit(java.nio.file.Path.of("/proc/self/limits"));
        try (ServerProcess server = b.server(true)) {
            long serverLimit = server.maxOpenFiles();
            Log.info("open-file limits: load generator " + selfLimit + ", server " + serverLimit);
            Api api = new Api(server.port);
            List<Api.Account> accounts = Api.bulkUsers(api, b.store, "idle", connections);
            // Warm the upgrade path so JIT and pools are not counted as per-connection cost.
            try (WsEngine warm = new WsEngine(1)) {
                Fleet.Opened w = Fleet.open(
                        warm,
                        server.port,
                        accounts.subList(0, Math.min(200, connections)),
                        64,
                        Duration.ofSeconds(30),
                        (c, t) -> {});
                for (WsConn c : w.conns()) c.close(1000);
                Thread.sleep(2000);
            }
            Memory before = memory(server);
            Log.info(String.format(
                    "before: heap used %.1f MiB, RSS %.1f MiB", before.heapUsed() / 1048576, before.rss() / 1048576.0));
            try (WsEngine engine = new WsEngine(ioThreads)) {
                Fleet.Opened opened =
                        Fleet.open(engine, server.port, accounts, inFlight, Duration.ofSeconds(300), (c, t) -> {});
                int n = opened.conns().size();
                Thread.sleep(3000);
                Memory after = memory(server);
                double serverCount = ServerProcess.metric(server.metrics(), "confab_connections", "");
                Log.info(String.format(
                        "after %d sockets (server counts %.0f): heap used %.1f MiB, RSS %.1f MiB",
                        n, serverCount, after.heapUsed() / 1048576, after.rss() / 1048576.0));
                List<String> histogram = server.classHistogram(20);
                b.result.put("classHistogramAfter", histogram);
                Log.info("holding " + hold.toSeconds() + " s");
                Thread.sleep(hold.toMillis());
                int stillOpen = engine.openConnections();
                Memory held = memory(server);
                double heapPer = (after.heapUsed() - before.heapUsed()) / Math.max(1, n);
                double rssPer = (double) (after.rss() - before.rss()) / Math.max(1, n);
                double rssPerHeld = (double) (held.rss() - before.rss()) / Math.max(1, n);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("requested", connections);
                r.put("opened", n);
                r.put("failed", opened.failed());
                r.put("firstFailure", opened.firstFailure());
                r.put("connectSeconds", opened.seconds());
                r.put("openAfterHold", stillOpen);
                r.put("serverCountedConnections", serverCount);
                r.put("loadgenMaxOpenFiles", selfLimit);
                r.put("serverMaxOpenFiles", serverLimit);
                r.put("heapUsedBeforeBytes", before.heapUsed());
                r.put("heapUsedAfterBytes", after.heapUsed());
                r.put("rssBeforeBytes", before.rss());
                r.put("rssAfterBytes", after.rss());
                r.put("rssAfterHoldBytes", held.rss());
                r.put("heapBytesPerConnection", heapPer);
                r.put("rssBytesPerConnection", rssPer);
                r.put("rssBytesPerConnectionAfterHold", rssPerHeld);
                b.result.put("summary", r);
                String md = String.format(
                                "capacity: %,d of %,d sockets open (%d failed%s), %,d still open after %d s idle. "
                                        + "Open-file limit: load generator %d, server %d.%n%n",
                                n,
                                connections,
                                opened.failed(),
                                opened.firstFailure() == null ? "" : ": " + opened.firstFailure(),
                                stillOpen,
                                hold.toSeconds(),
                                selfLimit,
                                serverLimit)
                        + Results.table(
                                List.of("measure", "before", "after N sockets", "per connection"),
                                List.of(
                                        List.of(
                                                "heap used (after full GC)",
                                                mib(before.heapUsed()),
                                                mib(after.heapUsed()),
                                                kb(heapPer)),
                                        List.of("RSS", mib(before.rss()), mib(after.rss()), kb(rssPer)),
                                        List.of(
                                                "RSS after the idle hold",
                                                mib(before.rss()),
                                                mib(held.rss()),
                                                kb(rssPerHeld))));
                md += "\nLargest live classes with the sockets open (jcmd GC.class_histogram):\n\n```\n"
                        + String.join("\n", histogram) + "\n```\n";
                b.finish(md);
                for (WsConn c : opened.conns()) c.close(1000);
            }
        }
    }

    private static String mib(double bytes) {
        return String.format("%.1f MiB", bytes / 1048576);
    }

    private static String kb(double bytes) {
        return String.format("%.1f KB", bytes / 1000);
    }
}
