package dev.confab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.bench.ws.WsConn;
import dev.confab.bench.ws.WsEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reader's device goes offline at a known sync token; senders then post K messages spread over
 * R rooms (all acknowledged, so durable). The device reconnects and syncs page by page (500 per
 * page) until {@code more} is false. Measured: from starting the TCP connect to having the last
 * page, repeated on fresh sockets from the same token.
 */
final class Catchup {
    private final Bench b;
    private final int messages;
    private final int rooms;
    private final int senders;
    private final int repeats;
    private final int warmups;
    private final int pageSize;

    Catchup(Bench b) {
        this.b = b;
        this.messages = b.args.integer("messages", 10_000);
        this.rooms = b.args.integer("rooms", 100);
        this.senders = b.args.integer("senders", 4);
        this.repeats = b.args.integer("repeats", 5);
        this.warmups = b.args.integer("warmups", 10);
        this.pageSize = b.args.integer("page", 500);
        b.args.checkAllRead();
    }

    void run() throws Exception {
        b.result.put(
                "params",
                Api.map(
                        "messages",
                        messages,
                        "rooms",
                        rooms,
                        "senders",
                        senders,
                        "page",
                        pageSize,
                        "warmups",
                        warmups));
        try (ServerProcess server = b.server(true);
                WsEngine engine = new WsEngine(2)) {
            Api api = new Api(server.port);
            Api.Account reader = api.signup("reader");
            List<Api.Account> sending = Api.signups(api, "sender", senders, 4);
            List<Long> others = new ArrayList<>();
            others.add(reader.id());
            for (int i = 1; i < senders; i++) others.add(sending.get(i).id());
            List<Long> roomIds = Api.parallel(rooms, 4, "rooms", r -> api.group(sending.get(0), "room-" + r, others));

            // The device's last sync: it has everything up to here, then goes offline.
            Fleet.Opened first =
                    Fleet.open(engine, server.port, List.of(reader), 1, Duration.ofSeconds(10), (c, t) -> {});
            long token = ((Fleet.Peer) first.conns().getFirst().attachment).helloPos;
            first.conns().getFirst().close(1000);
            Log.info("reader offline at token " + token);

            post(engine, server.port, sending, roomIds);

            // A running server has answered syncs before: the first catch-ups after a start run
            // interpreted code. They are kept apart, the very first as the cold figure.
            List<Object> warm = new ArrayList<>();
            double cold = 0;
            for (int i = 0; i < warmups; i++) {
                double ms = (double) catchUp(engine, server.port, reader, token).get("totalMs");
                if (i == 0) cold = ms;
                warm.add(ms);
            }
            Log.info("warm-up catch-ups (ms): " + warm);
            b.result.put("warmupMs", warm);
            List<Map<String, Object>> runs = new ArrayList<>();
            b.startProfile(server);
            for (int i = 0; i < repeats; i++) {
                Map<String, Object> r = catchUp(engine, server.port, reader, token);
                r.put("loadAverage", Results.loadAverage());
                runs.add(r);
                Log.info("catch-up " + (i + 1) + ": " + r);
            }
            b.stopProfile(server);
            b.result.put("runs", runs);
            double[] ms = runs.stream()
                    .mapToDouble(r -> (double) r.get("totalMs"))
                    .sorted()
                    .toArray();
            Map<String, Object> summary = Api.map(
                    "coldMs",
                    warmups > 0 ? cold : runs.getFirst().get("totalMs"),
                    "firstMs",
                    runs.getFirst().get("totalMs"),
                    "medianMs",
                    ms[ms.length / 2],
                    "minMs",
                    ms[0],
                    "maxMs",
                    ms[ms.length - 1],
                    "messagesReceived",
                    runs.getFirst().get("messages"));
            b.result.put("summary", summary);
            List<List<Object>> rows = new ArrayList<>();
            int k = 1;
            for (Map<String, Object> r : runs) {
                rows.add(List.of(
                        k++,
                        r.get("messages"),
                        r.get("receipts"),
                        r.get("pages"),
                        r.get("helloMs"),
                        r.get("totalMs"),
                        r.get("messagesPerSec"),
                        r.get("loadAverage")));
            }
            String md = String.format(
                            "catch-up: %,d messages missed across %d rooms; reconnect + sync (pages of %d) until complete: "
                                    + "first on a fresh server %.0f ms; after %d warm-up catch-ups, median **%.0f ms** over %d runs.%n%n",
                            messages,
                            rooms,
                            pageSize,
                            (double) summary.get("coldMs"),
                            warmups,
                            (double) summary.get("medianMs"),
                            repeats)
                    + Results.table(
                            List.of(
                                    "run",
                                    "messages",
                                    "receipts",
                                    "pages",
                                    "connect+hello ms",
                                    "total ms",
                                    "messages/s",
                                    "load avg"),
                            rows);
            b.finish(md);
        }
    }

    /** Posts K messages round-robin over rooms and senders, at most 1000 unacknowledged, and waits for every ack. */
    private void post(WsEngine engine, int port, List<Api.Account> sending, List<Long> roomIds) throws Exception {
        Semaphore window = new Semaphore(1000);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Fleet.Opened s = Fleet.open(engine, port, sending, senders, Duration.ofSeconds(10), (c, t) -> {
            if (t.startsWith("{\"type\":\"sent\"")) {
                acked.incrementAndGet();
                window.release();
            } else if (t.startsWith("{\"type\":\"error\"")) {
                failed.incrementAndGet();
                Log.info("send failed: " + t);
                window.release();
            }
        });
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            window.acquire();
            WsConn c = s.conns().get(i % senders);
            long room = roomIds.get(i % roomIds.size());
            c.sendText("{\"type\":\"send\",\"ref\":\"" + i + "\",\"roomId\":" + room + ",\"clientId\":\"m" + i
                    + "\",\"text\":\"catch-up message " + i + " while the reader is away\"}");
        }
        window.acquire(1000);
        window.release(1000);
        double secs = (System.nanoTime() - start) / 1e9;
        Log.info(String.format(
                "posted %d messages (%d acked, %d failed) in %.1f s", messages, acked.get(), failed.get(), secs));
        b.result.put("posting", Api.map("seconds", secs, "acked", acked.get(), "failed", failed.get()));
        for (WsConn c : s.conns()) c.close(1000);
        if (failed.get() > 0) throw new IllegalStateException(failed.get() + " sends failed");
    }

    private Map<String, Object> catchUp(WsEngine engine, int port, Api.Account reader, long token) throws Exception {
        CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
        long[] counts = new long[3]; // messages, receipts, pages
        long[] helloAt = new long[1];
        // time spent waiting for the server's answers, and handling them here (parse, next request)
        long[] waited = new long[2]; // total ns waiting, when the last request left
        long[] handling = new long[1];
        long start = System.nanoTime();
        engine.connect(
                new InetSocketAddress("127.0.0.1", port),
                Fleet.source(0, 1),
                "/ws?token=" + reader.token(),
                new WsEngine.Handler() {
                    @Override
                    public void onText(WsConn c, String t) {
                        try {
                            if (t.startsWith("{\"type\":\"hello\"")) {
                                helloAt[0] = System.nanoTime();
                                waited[1] = helloAt[0];
                                c.sendText("{\"type\":\"sync\",\"ref\":\"s\",\"since\":" + token + ",\"limit\":"
                                        + pageSize + "}");
                            } else if (t.startsWith("{\"type\":\"sync\"")) {
                                long answered = System.nanoTime();
                                waited[0] += answered - waited[1];
                                JsonNode n = Api.JSON.readTree(t);
                                counts[2]++;
                                for (JsonNode e : n.path("events"))
                                    counts["message".equals(e.path("type").asText()) ? 0 : 1]++;
                                if (n.path("more").asBoolean()) {
                                    waited[1] = System.nanoTime();
                                    handling[0] += waited[1] - answered;
                                    c.sendText("{\"type\":\"sync\",\"ref\":\"s\",\"since\":"
                                            + n.path("next").asLong() + ",\"limit\":" + pageSize + "}");
                                } else {
                                    long end = System.nanoTime();
                                    c.close(1000);
                                    double total = (end - start) / 1e6;
                                    done.complete(Api.map(
                                            "messages",
                                            counts[0],
                                            "receipts",
                                            counts[1],
                                            "pages",
                                            counts[2],
                                            "helloMs",
                                            (helloAt[0] - start) / 1e6,
                                            "totalMs",
                                            total,
                                            "waitingMs",
                                            waited[0] / 1e6,
                                            "handlingMs",
                                            handling[0] / 1e6,
                                            "messagesPerSec",
                                            counts[0] / (total / 1000)));
                                }
                            } else if (t.startsWith("{\"type\":\"error\"")) {
                                done.completeExceptionally(new IllegalStateException(t));
                            }
                        } catch (Exception e) {
                            done.completeExceptionally(e);
                        }
                    }

                    @Override
                    public void onClose(WsConn c, int code, String reason) {
                        if (!done.isDone())
                            done.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
                    }
                },
                null);
        Map<String, Object> r = done.get(120, TimeUnit.SECONDS);
        if ((long) r.get("messages") < messages)
            throw new IllegalStateException("caught up only " + r.get("messages") + " of " + messages);
        return new LinkedHashMap<>(r);
    }
}
