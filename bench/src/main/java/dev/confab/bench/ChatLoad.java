package dev.confab.bench;

import dev.confab.bench.ws.WsConn;
import dev.confab.bench.ws.WsEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Fan-out (R groups of M members) and direct (P pairs) under an open-loop send rate that ramps in
 * steps. Every member holds one socket. A send carries its own {@code System.nanoTime()} in its
 * text and ref, so a receiver (this same process) measures send-to-receive and the sender
 * send-to-ack without any lookup. Deliveries are {@code message} frames received.
 */
final class ChatLoad {
    private static final String MESSAGE = Scan.typePrefix("message");
    private static final String SENT = Scan.typePrefix("sent");
    private static final String ERROR = Scan.typePrefix("error");

    private final Bench b;
    private final boolean direct;
    private final int rooms;
    private final int members;
    private final List<Integer> rates;
    private final Duration warmup;
    private final Duration step;
    private final double stopP99Ms;
    private final int ioThreads;
    private final int textPad;
    private final boolean bulkUsers;

    private final Recorder receiveLatency = new Recorder(3);
    private final Recorder ackLatency = new Recorder(3);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder closedAfterHello = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<String> firstClose = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile double rate;
    private volatile long phaseStart;
    private volatile long phaseSent;
    private volatile boolean pacing = true;

    ChatLoad(Bench b) {
        this.b = b;
        Args a = b.args;
        this.direct = b.scenario.equals("direct");
        if (direct) {
            this.rooms = a.integer("pairs", 2000);
            this.members = 2;
            this.rates = a.integers("rates", "1000,2000,4000,6000,8000");
        } else {
            this.rooms = a.integer("rooms", 100);
            this.members = a.integer("members", 50);
            this.rates = a.integers("rates", "200,500,1000,1500,2000,2500,3000");
        }
        this.warmup = a.seconds("warmup", 3);
        this.step = a.seconds("step", 10);
        this.stopP99Ms = a.integer("stopP99Ms", 1000);
        this.ioThreads = a.integer("ioThreads", 2);
        this.textPad = a.integer("textPad", 0);
        this.bulkUsers = a.flag("bulkUsers", true);
        a.checkAllRead();
    }

    void run() throws Exception {
        int users = rooms * members;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(direct ? "pairs" : "rooms", rooms);
        params.put("membersPerRoom", members);
        params.put("connections", users);
        b.result.put("params", params);
        try (Target server = b.target(true)) {
            Api api = new Api(server.port());
            List<Api.Account> accounts =
                    bulkUsers ? Api.bulkUsers(api, b.store, "user", users) : Api.signups(api, "user", users, 8);
            long[] roomOf = new long[users];
            List<Long> roomIds = Api.parallel(rooms, 4, "rooms", r -> {
                int base = r * members;
                long id;
                if (direct) {
                    id = api.direct(accounts.get(base), accounts.get(base + 1));
                } else {
                    List<Long> others = new ArrayList<>();
                    for (int i = 1; i < members; i++)
                        others.add(accounts.get(base + i).id());
                    id = api.group(accounts.get(base), "room-" + r, others);
                }
                for (int i = 0; i < members; i++) roomOf[base + i] = id;
                return id;
            });
            Log.info("set-up done: " + roomIds.size() + " rooms, " + users + " users");
            try (WsEngine engine = new WsEngine(ioThreads)) {
                Fleet.Opened opened =
                        Fleet.open(engine, server.port(), accounts, 256, Duration.ofSeconds(120), handler());
                if (opened.conns().size() < users)
                    throw new IllegalStateException(
                            "only " + opened.conns().size() + " of " + users + " sockets opened");
                List<WsConn> senders = new ArrayList<>(opened.conns());
                Collections.shuffle(senders, new Random(42));
                long[] senderRoom = new long[senders.size()];
                for (int i = 0; i < senders.size(); i++)
                    senderRoom[i] = roomOf[((Fleet.Peer) senders.get(i).attachment).index];
                Thread pacer = Thread.ofPlatform().name("pacer").start(() -> pace(senders, senderRoom));
                if (server instanceof ServerProcess one) b.startProfile(one);
                List<Map<String, Object>> steps = ramp(server);
                if (server instanceof ServerProcess one) b.stopProfile(one);
                pacing = false;
                pacer.join();
                b.result.put("steps", steps);
                summarize(steps);
            }
        }
    }

    private WsEngine.Handler handler() {
        return new WsEngine.Handler() {
            @Override
            public void onText(WsConn c, String t) {
                long now = System.nanoTime();
                if (t.startsWith(MESSAGE)) {
                    long ts = Scan.longAfter(t, "\"text\":\"t", 0);
                    if (ts > 0) receiveLatency.recordValue(Math.max(0, (now - ts) / 1000));
                    deliveries.increment();
                } else if (t.startsWith(SENT)) {
                    long ts = Scan.longAfter(t, "\"ref\":\"", 0);
                    if (ts > 0) ackLatency.recordValue(Math.max(0, (now - ts) / 1000));
                    acks.increment();
                } else if (t.startsWith(ERROR)) {
                    errors.increment();
                    firstError.compareAndSet(null, t);
                }
            }

            @Override
            public void onClose(WsConn c, int code, String reason) {
                if (((Fleet.Peer) c.attachment).helloPos >= 0) {
                    closedAfterHello.increment();
                    firstClose.compareAndSet(null, code + " " + reason);
                }
            }
        };
    }

    /** Open loop: sends are due at {@code rate} per second whatever the answers do. */
    private void pace(List<WsConn> senders, long[] senderRoom) {
        String pad = textPad > 0 ? " " + "x".repeat(textPad) : "";
        int next = 0;
        long local = 0;
        long seenStart = 0;
        while (pacing) {
            double r = rate;
            long start = phaseStart;
            if (start != seenStart) {
                seenStart = start;
                local = 0;
            }
            if (r > 0) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * r);
                while (local < due && pacing) {
                    WsConn c = senders.get(next);
                    long room = senderRoom[next];
                    next = (next + 1) % senders.size();
                    long now = System.nanoTime();
                    long n = sent.incrementAndGet();
                    if (c.sendText("{\"type\":\"send\",\"ref\":\"" + now + "\",\"roomId\":" + room + ",\"clientId\":\"b"
                            + n + "\",\"text\":\"t" + now + pad + "\"}")) {
                        local++;
                    } else {
                        local++;
                        sent.decrementAndGet();
                    }
                }
                phaseSent = local;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static long proxyCpuNanos(Target server) {
        return server instanceof Cluster c ? c.proxyCpuNanos() : 0;
    }

    private List<Map<String, Object>> ramp(Target server) throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        int fanout = members - 1;
        boolean first = true;
        for (int target : rates) {
            phaseStart = System.nanoTime();
            rate = target;
            // the first step also warms up the JIT of both processes
            Thread.sleep(first ? Math.max(warmup.toMillis(), 10_000) : warmup.toMillis());
            first = false;
            receiveLatency.getIntervalHistogram();
            ackLatency.getIntervalHistogram();
            long d0 = deliveries.sum(), a0 = acks.sum(), s0 = sent.get(), e0 = errors.sum();
            long sc0 = server.cpuNanos(), cc0 = Results.selfCpuNanos(), pc0 = proxyCpuNanos(server);
            String m0 = server.metrics();
            long t0 = System.nanoTime();
            Thread.sleep(step.toMillis());
            long t1 = System.nanoTime();
            Histogram recv = receiveLatency.getIntervalHistogram();
            Histogram ack = ackLatency.getIntervalHistogram();
            long d1 = deliveries.sum(), a1 = acks.sum(), s1 = sent.get(), e1 = errors.sum();
            long sc1 = server.cpuNanos(), cc1 = Results.selfCpuNanos(), pc1 = proxyCpuNanos(server);
            String m1 = server.metrics();
            double secs = (t1 - t0) / 1e9;
            double batches = ServerProcess.metric(m1, "confab_commit_batch_size_count", "")
                    - ServerProcess.metric(m0, "confab_commit_batch_size_count", "");
            double batched = ServerProcess.metric(m1, "confab_commit_batch_size_sum", "")
                    - ServerProcess.metric(m0, "confab_commit_batch_size_sum", "");
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("targetSendsPerSec", target);
            s.put("sendsPerSec", (s1 - s0) / secs);
            s.put("acksPerSec", (a1 - a0) / secs);
            s.put("deliveriesPerSec", (d1 - d0) / secs);
            s.put("expectedDeliveriesPerSec", (s1 - s0) / secs * fanout);
            s.put("receiveP50Ms", Bench.ms(recv.getValueAtPercentile(50)));
            s.put("receiveP99Ms", Bench.ms(recv.getValueAtPercentile(99)));
            s.put("receiveP999Ms", Bench.ms(recv.getValueAtPercentile(99.9)));
            s.put("receiveMaxMs", Bench.ms(recv.getMaxValue()));
            s.put("ackP50Ms", Bench.ms(ack.getValueAtPercentile(50)));
            s.put("ackP99Ms", Bench.ms(ack.getValueAtPercentile(99)));
            s.put("ackP999Ms", Bench.ms(ack.getValueAtPercentile(99.9)));
            s.put("commitBatchAvg", batches > 0 ? batched / batches : 0.0);
            s.put("serverCpuCores", (sc1 - sc0) / 1e9 / secs);
            s.put("loadgenCpuCores", (cc1 - cc0) / 1e9 / secs);
            if (server instanceof Cluster) s.put("proxyCpuCores", (pc1 - pc0) / 1e9 / secs);
            s.put("errors", e1 - e0);
            s.put("closedSockets", closedAfterHello.sum());
            s.put("loadAverage", Results.loadAverage());
            steps.add(s);
            Log.info(String.format(
                    "rate %5d/s: sent %.0f/s, delivered %.0f/s (expected %.0f), recv p50 %.1f p99 %.1f p99.9 %.1f ms, ack p50 %.1f p99 %.1f ms, "
                            + "batch %.1f, cpu server %.2f loadgen %.2f, errors %d, closed %d, load %s",
                    target,
                    s.get("sendsPerSec"),
                    s.get("deliveriesPerSec"),
                    s.get("expectedDeliveriesPerSec"),
                    s.get("receiveP50Ms"),
                    s.get("receiveP99Ms"),
                    s.get("receiveP999Ms"),
                    s.get("ackP50Ms"),
                    s.get("ackP99Ms"),
                    s.get("commitBatchAvg"),
                    s.get("serverCpuCores"),
                    s.get("loadgenCpuCores"),
                    e1 - e0,
                    closedAfterHello.sum(),
                    s.get("loadAverage")));
            if (firstError.get() != null) Log.info("first error frame: " + firstError.get());
            double p99 = (double) s.get("receiveP99Ms");
            double deliveredShare = (d1 - d0) / Math.max(1.0, (s1 - s0) * (double) fanout);
            if (p99 > stopP99Ms
                    || deliveredShare < 0.7
                    || closedAfterHello.sum() > 0
                    || (s1 - s0) / secs < 0.8 * target) {
                Log.info("stopping the ramp: p99 " + p99 + " ms, delivered share " + deliveredShare + ", closed "
                        + closedAfterHello.sum() + (firstClose.get() == null ? "" : " (" + firstClose.get() + ")"));
                break;
            }
        }
        rate = 0;
        Thread.sleep(1000);
        return steps;
    }

    private void summarize(List<Map<String, Object>> steps) throws Exception {
        Map<String, Object> best = null;
        for (Map<String, Object> s : steps) {
            boolean ok = (double) s.get("receiveP99Ms") <= 50
                    && (double) s.get("deliveriesPerSec") >= 0.95 * (double) s.get("expectedDeliveriesPerSec")
                    && (long) s.get("closedSockets") == 0;
            if (ok && (best == null || (double) s.get("deliveriesPerSec") > (double) best.get("deliveriesPerSec")))
                best = s;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bestSendsPerSecUnderP99_50ms", best == null ? 0.0 : best.get("sendsPerSec"));
        summary.put("bestDeliveriesPerSecUnderP99_50ms", best == null ? 0.0 : best.get("deliveriesPerSec"));
        double peak = steps.stream()
                .mapToDouble(s -> (double) s.get("deliveriesPerSec"))
                .max()
                .orElse(0);
        summary.put("peakDeliveriesPerSec", peak);
        b.result.put("summary", summary);

        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> s : steps) {
            rows.add(List.of(
                    s.get("targetSendsPerSec"),
                    s.get("sendsPerSec"),
                    s.get("deliveriesPerSec"),
                    s.get("receiveP50Ms"),
                    s.get("receiveP99Ms"),
                    s.get("receiveP999Ms"),
                    s.get("ackP50Ms"),
                    s.get("ackP99Ms"),
                    s.get("commitBatchAvg"),
                    s.get("serverCpuCores"),
                    s.get("loadgenCpuCores"),
                    s.get("loadAverage")));
        }
        String md = String.format(
                        "%s: %d %s of %d, %d sockets. Best rate with p99 <= 50 ms: %s sends/s = **%s deliveries/s**; peak %s deliveries/s.%n%n",
                        b.scenario,
                        rooms,
                        direct ? "pairs" : "rooms",
                        members,
                        rooms * members,
                        Results.cell(summary.get("bestSendsPerSecUnderP99_50ms")),
                        Results.cell(summary.get("bestDeliveriesPerSecUnderP99_50ms")),
                        Results.cell(peak))
                + Results.table(
                        List.of(
                                "target sends/s",
                                "sends/s",
                                "deliveries/s",
                                "recv p50 ms",
                                "recv p99 ms",
                                "recv p99.9 ms",
                                "ack p50 ms",
                                "ack p99 ms",
                                "avg batch",
                                "server CPU (cores)",
                                "loadgen CPU (cores)",
                                "load avg"),
                        rows);
        Path base = b.finish(md);
        FanoutChart.single(
                Path.of(base + ".png"),
                b.scenario + " on " + b.store.kind() + " (" + rooms + "x" + members + ")",
                steps);
    }
}
