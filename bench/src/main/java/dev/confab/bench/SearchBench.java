package dev.confab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;

/**
 * Search latency (MSG-7) on a big store. The server creates the schema and the rooms: R groups,
 * of which the reader is a member of every (R / M)-th; then N messages are bulk-loaded with SQL,
 * interleaved across all rooms, their text drawn from a 20,000-word vocabulary with Zipf
 * frequencies, so some words are in most messages and some in a few hundred. The search indexes
 * are kept by the same triggers (SQLite) and generated column (PostgreSQL) as live traffic.
 * Queries go through the real server over HTTP, closed loop, one class of query at a time.
 */
final class SearchBench {
    private static final int VOCABULARY = 20_000;
    private static final String[] CONSONANTS = "b c d f g h j k l m n p r s t v w x y z".split(" ");
    private static final String[] VOWELS = "a e i o u".split(" ");

    private final Bench b;
    private final long messages;
    private final int rooms;
    private final int myRooms;
    private final boolean reuse;
    private final Duration duration;
    private final double[] cumulative = new double[VOCABULARY];

    SearchBench(Bench b) {
        this.b = b;
        this.messages = b.args.longValue("messages", 1_000_000L);
        this.rooms = b.args.integer("rooms", 1000);
        this.myRooms = b.args.integer("myRooms", 100);
        this.reuse = b.args.flag("reuse", true);
        this.duration = b.args.seconds("duration", 15);
        b.args.checkAllRead();
        double sum = 0;
        for (int r = 0; r < VOCABULARY; r++) cumulative[r] = sum += 1.0 / (r + 1);
        for (int r = 0; r < VOCABULARY; r++) cumulative[r] /= sum;
    }

    /** The word of frequency rank {@code r} (0 is the most frequent): three syllables, unique per rank. */
    static String word(int r) {
        int n = r + 10_000; // three base-100 digits
        StringBuilder w = new StringBuilder(6);
        for (int d : new int[] {n / 10_000, n / 100 % 100, n % 100})
            w.append(CONSONANTS[d / 5]).append(VOWELS[d % 5]);
        return w.toString();
    }

    private int zipfRank(SplittableRandom rnd) {
        int i = java.util.Arrays.binarySearch(cumulative, rnd.nextDouble());
        return Math.min(VOCABULARY - 1, i >= 0 ? i : -i - 1);
    }

    private String text(SplittableRandom rnd) {
        int words = 6 + rnd.nextInt(7);
        StringBuilder t = new StringBuilder(words * 7);
        for (int i = 0; i < words; i++) t.append(i == 0 ? "" : " ").append(word(zipfRank(rnd)));
        return t.toString();
    }

    /** One kind of query: its name, and the query string (room filled in for one-room queries). */
    private record QueryClass(String name, String q, String extra) {}

    void run() throws Exception {
        b.result.put("params", Api.map("messages", messages, "rooms", rooms, "myRooms", myRooms));
        boolean populated = reuse && b.store.exists() && countMessages() >= messages;
        if (!populated) {
            try (ServerProcess s = b.server(true)) {
                Api api = new Api(s.port);
                Api.Account reader = api.signup("reader");
                Api.Account writer = api.signup("writer");
                int every = Math.max(1, rooms / myRooms);
                Api.parallel(
                        rooms,
                        4,
                        "rooms",
                        r -> api.group(writer, "search-" + r, r % every == 0 ? List.of(reader.id()) : List.of()));
            }
            bulkLoad();
        } else {
            Log.info("reusing the populated store (" + countMessages() + " messages)");
        }
        try (ServerProcess server = b.server(false)) {
            Api api = new Api(server.port);
            Api.Account reader = api.login("reader");
            long oneRoom = firstRoomOf(reader.id());
            List<QueryClass> classes = List.of(
                    new QueryClass("common word (rank 1)", word(0), ""),
                    new QueryClass("medium word (rank 100)", word(99), ""),
                    new QueryClass("rare word (rank 5000)", word(4999), ""),
                    new QueryClass("two words", word(99) + " " + word(199), ""),
                    new QueryClass("prefix (3 letters)", word(19).substring(0, 3), ""),
                    new QueryClass("medium word, by relevance", word(99), "&order=relevance"),
                    new QueryClass("medium word, one room", word(99), "&roomId=" + oneRoom),
                    new QueryClass("substring (4 letters)", word(49).substring(1, 5), "&match=substring"),
                    new QueryClass("no hit", "qqqqzz", ""));
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port + "/api/v1/search?limit=20&q=";
            for (QueryClass c : classes)
                measure(http, base, reader, c, Duration.ofSeconds(2)); // warm-up: JIT, pools, page cache
            List<Map<String, Object>> results = new ArrayList<>();
            for (QueryClass c : classes) results.add(measure(http, base, reader, c, duration));
            b.result.put("classes", results);
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> r : results) {
                rows.add(List.of(
                        r.get("query"),
                        r.get("q"),
                        r.get("requests"),
                        r.get("hitsPerPage"),
                        r.get("p50Ms"),
                        r.get("p99Ms"),
                        r.get("maxMs"),
                        r.get("loadAverage")));
            }
            String md = String.format(
                            "search: %,d messages in %,d rooms, the reader in %d of them (~%,d messages in their windows); "
                                    + "`GET /search?limit=20` over HTTP, closed loop, one client, %d s per query.%n%n",
                            countMessages(), rooms, myRooms, messages * myRooms / rooms, duration.toSeconds())
                    + Results.table(
                            List.of("query", "q", "requests", "hits/page", "p50 ms", "p99 ms", "max ms", "load avg"),
                            rows);
            b.finish(md);
        }
    }

    private Map<String, Object> measure(HttpClient http, String base, Api.Account reader, QueryClass c, Duration d)
            throws Exception {
        Histogram h = new Histogram(3);
        URI uri = URI.create(base + URLEncoder.encode(c.q(), StandardCharsets.UTF_8) + c.extra());
        HttpRequest req = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + reader.token())
                .GET()
                .build();
        long hits = 0;
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            h.recordValue((System.nanoTime() - t0) / 1000);
            if (r.statusCode() != 200)
                throw new IllegalStateException(c.name() + ": " + r.statusCode() + " " + r.body());
            JsonNode body = Api.JSON.readTree(r.body());
            hits += body.path("hits").size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", c.name());
        out.put("q", c.q());
        out.put("requests", h.getTotalCount());
        out.put("hitsPerPage", h.getTotalCount() == 0 ? 0 : (double) hits / h.getTotalCount());
        out.put("p50Ms", Bench.ms(h.getValueAtPercentile(50)));
        out.put("p99Ms", Bench.ms(h.getValueAtPercentile(99)));
        out.put("maxMs", Bench.ms(h.getMaxValue()));
        out.put("loadAverage", Results.loadAverage());
        Log.info("search " + out);
        return out;
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

    private long firstRoomOf(long userId) throws Exception {
        try (Connection c = b.store.connect();
                PreparedStatement ps = c.prepareStatement("SELECT MIN(room_id) FROM members WHERE user_id = ?")) {
            ps.setLong(1, userId);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Messages as the server writes them (stream ids, gapless seqs, room heads), interleaved across the rooms. */
    private void bulkLoad() throws Exception {
        long start = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(42);
        try (Connection c = b.store.connect()) {
            long pos;
            long writer;
            List<long[]> heads = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT pos FROM stream WHERE id = 1");
                rs.next();
                pos = rs.getLong(1);
                rs = s.executeQuery("SELECT id FROM users WHERE username = 'writer'");
                rs.next();
                writer = rs.getLong(1);
                rs = s.executeQuery("SELECT id, last_seq FROM rooms WHERE kind = 'group' ORDER BY id");
                while (rs.next()) heads.add(new long[] {rs.getLong(1), rs.getLong(2), 0});
            }
            long t0 = System.currentTimeMillis() - messages;
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
                        long[] room = heads.get((int) (i % heads.size()));
                        long id = ++pos;
                        ps.setLong(1, id);
                        ps.setLong(2, room[0]);
                        ps.setLong(3, ++room[1]);
                        ps.setLong(4, writer);
                        ps.setString(5, "s" + id);
                        ps.setString(6, text(rnd));
                        ps.setLong(7, t0 + i);
                        ps.addBatch();
                        room[2] = id;
                        if ((i + 1) % 10_000 == 0) ps.executeBatch();
                        if ((i + 1) % 200_000 == 0) {
                            c.commit();
                            Log.info(String.format("loaded %,d messages", i + 1));
                        }
                    }
                    ps.executeBatch();
                }
            } else {
                PGConnection pg = c.unwrap(PGConnection.class);
                StringBuilder chunk = new StringBuilder(1 << 24);
                for (long i = 0; i < messages; i++) {
                    long[] room = heads.get((int) (i % heads.size()));
                    long id = ++pos;
                    chunk.append(id)
                            .append(',')
                            .append(room[0])
                            .append(',')
                            .append(++room[1])
                            .append(',')
                            .append(writer)
                            .append(",s")
                            .append(id)
                            .append(",text,")
                            .append(text(rnd))
                            .append(',')
                            .append(t0 + i)
                            .append('\n');
                    room[2] = id;
                    if ((i + 1) % 100_000 == 0 || i + 1 == messages) {
                        pg.getCopyAPI()
                                .copyIn(
                                        "COPY messages (id, room_id, seq, sender_id, client_id, kind, text, created_at) FROM STDIN (FORMAT csv)",
                                        new StringReader(chunk.toString()));
                        chunk.setLength(0);
                        c.commit();
                        Log.info(String.format("loaded %,d messages", i + 1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE rooms SET last_seq = ?, last_pos = ?, last_message_id = ? WHERE id = ?")) {
                for (long[] room : heads) {
                    if (room[2] == 0) continue;
                    ps.setLong(1, room[1]);
                    ps.setLong(2, room[2]);
                    ps.setLong(3, room[2]);
                    ps.setLong(4, room[0]);
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
                    s.execute("INSERT INTO messages_words (messages_words) VALUES ('optimize')");
                    s.execute("INSERT INTO messages_grams (messages_grams) VALUES ('optimize')");
                    s.execute("ANALYZE");
                } else {
                    s.execute("VACUUM ANALYZE messages");
                }
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Log.info(String.format("bulk load of %,d messages done in %.0f s", messages, secs));
        b.result.put("bulkLoadSeconds", secs);
    }
}
