package dev.confab.bench;

import dev.confab.bench.ws.WsConn;
import dev.confab.bench.ws.WsEngine;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.postgresql.PGConnection;

/**
 * Page fetch latency on a big store. The server creates the schema (Flyway) and the rooms; the
 * messages are then bulk-loaded with SQL as the server would have written them (ids from the
 * stream, gapless seqs per room, rooms' heads and the stream position updated), interleaved across
 * rooms the way live traffic arrives. Pages are then fetched through the real server over a
 * socket, closed loop, {@code history before=<random seq> limit=50} in a random room.
 */
final class History {
    private final Bench b;
    private final long messages;
    private final int rooms;
    private final boolean reuse;
    private final Duration duration;
    private final List<Integer> concurrency;
    private final int limit;

    History(Bench b) {
        this.b = b;
        this.messages = b.args.longValue("messages", 10_000_000L);
        this.rooms = b.args.integer("rooms", 1000);
        this.reuse = b.args.flag("reuse", true);
        this.duration = b.args.seconds("duration", 20);
        this.concurrency = b.args.integers("concurrency", "1,4");
        this.limit = b.args.integer("limit", 50);
        b.args.checkAllRead();
    }

    void run() throws Exception {
        b.result.put("params", Api.map("messages", messages, "rooms", rooms, "limit", limit));
        boolean populated = reuse && b.store.exists() && countMessages() >= messages;
        if (!populated) {
            try (ServerProcess s = b.server(true)) {
                Api api = new Api(s.port);
                Api.Account reader = api.signup("reader");
                Api.Account writer = api.signup("writer");
                Api.parallel(rooms, 4, "rooms", r -> api.group(reader, "history-" + r, List.of(writer.id())));
            }
            bulkLoad();
        } else {
            Log.info("reusing the populated store (" + countMessages() + " messages)");
        }
        b.result.put("storeBytes", storeBytes());
        try (ServerProcess server = b.server(false);
                WsEngine engine = new WsEngine(2)) {
            Api api = new Api(server.port);
            current = server;
            Api.Account reader = api.login("reader");
            long[][] heads = roomHeads();
            List<Map<String, Object>> levels = new ArrayList<>();
            // warm-up: JIT and connection pools, not the data (a random 10M-row store does not fit any cache we
            // control)
            measure(engine, server.port, reader, heads, 2, Duration.ofSeconds(5));
            for (int c : concurrency) {
                Map<String, Object> r = measure(engine, server.port, reader, heads, c, duration);
                levels.add(r);
            }
            b.result.put("levels", levels);
            b.result.put("summary", levels.getFirst());
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> r : levels) {
                rows.add(List.of(
                        r.get("concurrency"),
                        r.get("pages"),
                        r.get("pagesPerSec"),
                        r.get("p50Ms"),
                        r.get("p99Ms"),
                        r.get("p999Ms"),
                        r.get("maxMs"),
                        r.get("serverCpuCores"),
                        r.get("loadAverage")));
            }
            String md = String.format(
                            "history: %,d messages in %,d rooms (store %.2f GB); `history before=<random seq> limit=%d` over a socket, "
                                    + "closed loop, %d s per level.%n%n",
                            countMessages(), rooms, storeBytes() / 1e9, limit, duration.toSeconds())
                    + Results.table(
                            List.of(
                                    "concurrent sockets",
                                    "pages",
                                    "pages/s",
                                    "p50 ms",
                                    "p99 ms",
                                    "p99.9 ms",
                                    "max ms",
                                    "server CPU (cores)",
                                    "load avg"),
                            rows);
            b.finish(md);
        }
    }

    private long countMessages() throws Exception {
        if (!b.store.exists()) return 0;
        try (Connection c = b.store.connect();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT pos FROM stream WHERE id = 1");
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    private long storeBytes() throws Exception {
        if (b.store.isSqlite()) {
            long n = 0;
            for (String suffix : new String[] {"", "-wal"}) {
                java.nio.file.Path p = java.nio.file.Path.of(b.store.sqliteFile() + suffix);
                if (java.nio.file.Files.exists(p)) n += java.nio.file.Files.size(p);
            }
            return n;
        }
        try (Connection c = b.store.connect();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())");
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Room id, last seq. */
    private long[][] roomHeads() throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = b.store.connect();
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT id, last_seq FROM rooms WHERE kind = 'group' ORDER BY id");
            while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
        return out.toArray(new long[0][]);
    }

    private void bulkLoad() throws Exception {
        long start = System.nanoTime();
        try (Connection c = b.store.connect()) {
            long pos;
            long reader, writer;
            try (Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT pos FROM stream WHERE id = 1");
                rs.next();
                pos = rs.getLong(1);
                rs = s.executeQuery("SELECT id FROM users WHERE username = 'reader'");
                rs.next();
                reader = rs.getLong(1);
                rs = s.executeQuery("SELECT id FROM users WHERE username = 'writer'");
                rs.next();
                writer = rs.getLong(1);
            }
            long[][] heads = roomHeads();
            long[] lastSeq = new long[heads.length];
            long[] lastId = new long[heads.length];
            for (int i = 0; i < heads.length; i++) lastSeq[i] = heads[i][1];
            long t0 = System.currentTimeMillis() - messages; // one message per millisecond up to now
            if (b.store.isSqlite()) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA synchronous = OFF");
                    s.execute("PRAGMA cache_size = -1000000");
                }
            }
            c.setAutoCommit(false);
            if (b.store.isSqlite()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO messages (id, room_id, seq, sender_id, client_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?, 'text', ?, ?)")) {
                    for (long i = 0; i < messages; i++) {
                        int r = (int) (i % heads.length);
                        long id = ++pos;
                        long sender = (i & 1) == 0 ? reader : writer;
                        ps.setLong(1, id);
                        ps.setLong(2, heads[r][0]);
                        ps.setLong(3, ++lastSeq[r]);
                        ps.setLong(4, sender);
                        ps.setString(5, clientId(id));
                        ps.setString(6, text(id));
                        ps.setLong(7, t0 + i);
                        ps.addBatch();
                        lastId[r] = id;
                        if ((i + 1) % 10_000 == 0) ps.executeBatch();
                        if ((i + 1) % 1_000_000 == 0) {
                            c.commit();
                            progress(i + 1, start);
                        }
                    }
                    ps.executeBatch();
                }
            } else {
                try (Statement s = c.createStatement()) {
                    // The rows are consistent by construction; skip the per-row foreign-key triggers of COPY.
                    s.execute("SET session_replication_role = replica");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                StringBuilder chunk = new StringBuilder(1 << 24);
                for (long i = 0; i < messages; i++) {
                    int r = (int) (i % heads.length);
                    long id = ++pos;
                    long sender = (i & 1) == 0 ? reader : writer;
                    chunk.append(id)
                            .append(',')
                            .append(heads[r][0])
                            .append(',')
                            .append(++lastSeq[r])
                            .append(',')
                            .append(sender)
                            .append(',')
                            .append(clientId(id))
                            .append(",text,")
                            .append(text(id))
                            .append(',')
                            .append(t0 + i)
                            .append('\n');
                    lastId[r] = id;
                    if ((i + 1) % 200_000 == 0 || i + 1 == messages) {
                        pg.getCopyAPI()
                                .copyIn(
                                        "COPY messages (id, room_id, seq, sender_id, client_id, kind, text, created_at) FROM STDIN (FORMAT csv)",
                                        new StringReader(chunk.toString()));
                        chunk.setLength(0);
                        if ((i + 1) % 1_000_000 == 0) {
                            c.commit();
                            progress(i + 1, start);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE rooms SET last_seq = ?, last_pos = ?, last_message_id = ? WHERE id = ?")) {
                for (int r = 0; r < heads.length; r++) {
                    if (lastId[r] == 0) continue;
                    ps.setLong(1, lastSeq[r]);
                    ps.setLong(2, lastId[r]);
                    ps.setLong(3, lastId[r]);
                    ps.setLong(4, heads[r][0]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE stream SET pos = ? WHERE id = 1")) {
                ps.setLong(1, pos);
                ps.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                if (b.store.isSqlite()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    s.execute("ANALYZE");
                } else {
                    s.execute("SET session_replication_role = DEFAULT");
                    s.execute("VACUUM ANALYZE messages");
                    s.execute("ANALYZE");
                }
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Log.info(String.format("bulk load of %,d messages done in %.0f s", messages, secs));
        b.result.put("bulkLoadSeconds", secs);
    }

    private static String clientId(long id) {
        return String.format("h%011d", id);
    }

    private static String text(long id) {
        return "history message " + id + " about nothing in particular";
    }

    private static void progress(long n, long start) {
        double secs = (System.nanoTime() - start) / 1e9;
        Log.info(String.format("loaded %,d messages (%.0f/s)", n, n / secs));
    }

    /** {@code sockets} sockets, each with one request in flight, for {@code d}. */
    private Map<String, Object> measure(
            WsEngine engine, int port, Api.Account reader, long[][] heads, int sockets, Duration d) throws Exception {
        Recorder rec = new Recorder(3);
        AtomicLong pages = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(sockets);
        List<Api.Account> same = new ArrayList<>();
        for (int i = 0; i < sockets; i++) same.add(reader);
        long[] sentAt = new long[sockets];
        SplittableRandom[] rnd = new SplittableRandom[sockets];
        for (int i = 0; i < sockets; i++) rnd[i] = new SplittableRandom(1234 + i);
        Fleet.Opened opened = Fleet.open(engine, port, same, sockets, Duration.ofSeconds(10), (c, t) -> {
            int i = ((Fleet.Peer) c.attachment).index;
            if (t.startsWith("{\"type\":\"history\"")) {
                rec.recordValue((System.nanoTime() - sentAt[i]) / 1000);
                pages.incrementAndGet();
                if (Scan.count(t, "\"seq\":") != limit) bad.incrementAndGet();
            } else {
                bad.incrementAndGet();
                Log.info("unexpected frame: " + t.substring(0, Math.min(200, t.length())));
            }
            if (running.get()) request(c, heads, rnd[i], sentAt, i);
            else stopped.countDown();
        });
        long t0 = System.nanoTime();
        for (WsConn c : opened.conns()) {
            int i = ((Fleet.Peer) c.attachment).index;
            request(c, heads, rnd[i], sentAt, i);
        }
        rec.getIntervalHistogram();
        long cpu0 = serverCpu();
        Thread.sleep(d.toMillis());
        running.set(false);
        Histogram h = rec.getIntervalHistogram();
        long cpu1 = serverCpu();
        double secs = (System.nanoTime() - t0) / 1e9;
        stopped.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS);
        for (WsConn c : opened.conns()) c.close(1000);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("concurrency", sockets);
        r.put("pages", h.getTotalCount());
        r.put("pagesPerSec", h.getTotalCount() / secs);
        r.put("p50Ms", Bench.ms(h.getValueAtPercentile(50)));
        r.put("p99Ms", Bench.ms(h.getValueAtPercentile(99)));
        r.put("p999Ms", Bench.ms(h.getValueAtPercentile(99.9)));
        r.put("maxMs", Bench.ms(h.getMaxValue()));
        r.put("badPages", bad.get());
        r.put("serverCpuCores", (cpu1 - cpu0) / 1e9 / secs);
        r.put("loadAverage", Results.loadAverage());
        Log.info("history " + r);
        return r;
    }

    private ServerProcess current;

    private long serverCpu() {
        return current == null ? 0 : current.cpuNanos();
    }

    private void request(WsConn c, long[][] heads, SplittableRandom rnd, long[] sentAt, int i) {
        long[] room = heads[rnd.nextInt(heads.length)];
        long before = limit + 2 + rnd.nextLong(Math.max(1, room[1] - limit));
        sentAt[i] = System.nanoTime();
        c.sendText("{\"type\":\"history\",\"ref\":\"h\",\"roomId\":" + room[0] + ",\"before\":" + before + ",\"limit\":"
                + limit + "}");
    }
}
