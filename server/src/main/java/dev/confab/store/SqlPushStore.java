package dev.confab.store;

import dev.confab.notify.Level;
import dev.confab.push.P256;
import dev.confab.push.PushStore;
import dev.confab.push.PushTarget;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.statement.PreparedBatch;

public final class SqlPushStore implements PushStore {
    private static final int CHUNK = 500;
    private static final String TARGET_COLUMNS =
            "t.id, t.user_id, t.session_id, t.kind, t.app_id, t.address, t.p256dh, t.auth, t.data";

    private final Database db;

    public SqlPushStore(Database db) {
        this.db = db;
    }

    @Override
    public KeyPair vapidKeys(Supplier<KeyPair> generate) {
        return db.writer.inTransaction(h -> {
            Optional<String> stored = h.createQuery("SELECT value FROM server_keys WHERE name = 'vapid'")
                    .mapTo(String.class)
                    .findOne();
            if (stored.isPresent()) {
                String[] parts = stored.get().split("\\.");
                Base64.Decoder d = Base64.getUrlDecoder();
                return new KeyPair(P256.publicKey(d.decode(parts[0])), P256.privateKey(d.decode(parts[1])));
            }
            KeyPair keys = generate.get();
            Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
            String value = e.encodeToString(P256.encode((ECPublicKey) keys.getPublic())) + "."
                    + e.encodeToString(P256.encode((ECPrivateKey) keys.getPrivate()));
            h.createUpdate("INSERT INTO server_keys (name, value) VALUES ('vapid', :v)")
                    .bind("v", value)
                    .execute();
            return keys;
        });
    }

    @Override
    public PushTarget saveTarget(PushTarget t, Instant now) {
        return db.writer.inTransaction(h -> {
            long id = h.createQuery("""
                            INSERT INTO push_targets (user_id, session_id, kind, app_id, address, p256dh, auth, data, created_at)
                            VALUES (:u, :s, :k, :a, :addr, :p, :au, :d, :now)
                            ON CONFLICT (kind, app_id, address) DO UPDATE SET user_id = excluded.user_id, session_id = excluded.session_id,
                                p256dh = excluded.p256dh, auth = excluded.auth, data = excluded.data, created_at = excluded.created_at
                            RETURNING id""")
                    .bind("u", t.userId())
                    .bind("s", t.sessionId())
                    .bind("k", t.kind().wire())
                    .bind("a", t.appId())
                    .bind("addr", t.address())
                    .bind("p", t.p256dh())
                    .bind("au", t.auth())
                    .bind("d", t.data())
                    .bind("now", now.toEpochMilli())
                    .mapTo(Long.class)
                    .one();
            return new PushTarget(
                    id, t.userId(), t.sessionId(), t.kind(), t.appId(), t.address(), t.p256dh(), t.auth(), t.data());
        });
    }

    @Override
    public List<PushTarget> targets(long userId) {
        return db.reader.withHandle(
                h -> h.createQuery("SELECT " + TARGET_COLUMNS + " FROM push_targets t WHERE user_id = :u ORDER BY id")
                        .bind("u", userId)
                        .map((rs, ctx) -> target(rs))
                        .list());
    }

    @Override
    public Optional<PushTarget> target(long id) {
        return db.reader.withHandle(
                h -> h.createQuery("SELECT " + TARGET_COLUMNS + " FROM push_targets t WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> target(rs))
                        .findOne());
    }

    @Override
    public boolean removeTarget(long userId, long targetId) {
        return db.writer.inTransaction(h -> {
            h.createUpdate(
                            "DELETE FROM push_outbox WHERE target_id IN (SELECT id FROM push_targets WHERE id = :id AND user_id = :u)")
                    .bind("id", targetId)
                    .bind("u", userId)
                    .execute();
            return h.createUpdate("DELETE FROM push_targets WHERE id = :id AND user_id = :u")
                            .bind("id", targetId)
                            .bind("u", userId)
                            .execute()
                    > 0;
        });
    }

    @Override
    public void removeSessionTargets(long sessionId) {
        db.writer.useTransaction(h -> {
            h.createUpdate(
                            "DELETE FROM push_outbox WHERE target_id IN (SELECT id FROM push_targets WHERE session_id = :s)")
                    .bind("s", sessionId)
                    .execute();
            h.createUpdate("DELETE FROM push_targets WHERE session_id = :s")
                    .bind("s", sessionId)
                    .execute();
        });
    }

    @Override
    public int removeLapsedTargets(Instant now) {
        String lapsed = """
                SELECT t.id FROM push_targets t JOIN sessions s ON s.id = t.session_id
                WHERE s.revoked_at IS NOT NULL OR s.expires_at <= :now""";
        return db.writer.inTransaction(h -> {
            h.createUpdate("DELETE FROM push_outbox WHERE target_id IN (" + lapsed + ")")
                    .bind("now", now.toEpochMilli())
                    .execute();
            return h.createUpdate("DELETE FROM push_targets WHERE id IN (" + lapsed + ")")
                    .bind("now", now.toEpochMilli())
                    .execute();
        });
    }

    @Override
    public void removeTargets(Collection<Long> ids) {
        if (ids.isEmpty()) return;
        db.writer.useTransaction(h -> {
            h.createUpdate("DELETE FROM push_outbox WHERE target_id IN (<ids>)")
                    .bindList("ids", List.copyOf(ids))
                    .execute();
            h.createUpdate("DELETE FROM push_targets WHERE id IN (<ids>)")
                    .bindList("ids", List.copyOf(ids))
                    .execute();
        });
    }

    private static PushTarget target(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PushTarget(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getLong("session_id"),
                PushTarget.Kind.fromWire(rs.getString("kind")),
                rs.getString("app_id"),
                rs.getString("address"),
                rs.getString("p256dh"),
                rs.getString("auth"),
                rs.getString("data"));
    }

    // --- planning

    @Override
    public long plannedPosition() {
        return db.reader.withHandle(h -> h.createQuery("SELECT pos FROM push_progress WHERE id = 1")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Work work(long after, int maxMessages, Instant now) {
        return db.reader.inTransaction(h -> {
            long end = h.createQuery("SELECT pos FROM stream WHERE id = 1")
                    .mapTo(Long.class)
                    .one();
            if (end <= after) return new Work(after, List.of(), Map.of(), Map.of(), Map.of(), List.of());
            List<Posted> messages = new ArrayList<>();
            long[] lastId = {after};
            int[] seen = {0};
            h.createQuery("""
                            SELECT id, room_id, seq, sender_id, kind, text, data, created_at FROM messages
                            WHERE id > :a AND id <= :e ORDER BY id LIMIT :n""")
                    .bind("a", after)
                    .bind("e", end)
                    .bind("n", maxMessages)
                    .map((rs, ctx) -> {
                        seen[0]++;
                        lastId[0] = rs.getLong("id");
                        if (!"text".equals(rs.getString("kind"))) return null;
                        return new Posted(
                                rs.getLong("id"),
                                rs.getLong("room_id"),
                                rs.getLong("seq"),
                                rs.getLong("sender_id"),
                                rs.getString("text"),
                                mentions(rs.getString("data")),
                                Instant.ofEpochMilli(rs.getLong("created_at")));
                    })
                    .forEach(p -> {
                        if (p != null) messages.add(p);
                    });
            // A full page of messages: stop after its last one, the rest is the next batch.
            if (seen[0] == maxMessages) end = lastId[0];

            List<Long> roomIds =
                    messages.stream().map(Posted::roomId).distinct().toList();
            List<Long> senders =
                    messages.stream().map(Posted::senderId).distinct().toList();
            Map<Long, RoomInfo> rooms = new HashMap<>();
            Map<Long, List<Candidate>> candidates = new HashMap<>();
            Map<Long, String> names = new HashMap<>();
            for (List<Long> part : chunks(roomIds)) {
                h.createQuery("SELECT id, kind, name FROM rooms WHERE id IN (<ids>)")
                        .bindList("ids", part)
                        .map((rs, ctx) ->
                                new RoomInfo(rs.getLong(1), "direct".equals(rs.getString(2)), rs.getString(3)))
                        .forEach(r -> rooms.put(r.id(), r));
                h.createQuery("""
                                SELECT m.room_id, m.user_id, m.joined_seq, m.read_seq, m.notify_level, m.muted_until,
                                       u.notify_level AS account_level, u.notify_previews
                                FROM members m JOIN users u ON u.id = m.user_id
                                WHERE m.room_id IN (<ids>) AND m.left_seq IS NULL
                                  AND EXISTS (SELECT 1 FROM push_targets t WHERE t.user_id = m.user_id)""")
                        .bindList("ids", part)
                        .map((rs, ctx) -> {
                            String level = rs.getString("notify_level");
                            return Map.entry(
                                    rs.getLong("room_id"),
                                    new Candidate(
                                            rs.getLong("user_id"),
                                            rs.getLong("joined_seq"),
                                            rs.getLong("read_seq"),
                                            level == null ? null : Level.fromWire(level),
                                            Rows.nullableLong(rs, "muted_until"),
                                            Level.fromWire(rs.getString("account_level")),
                                            rs.getInt("notify_previews") == 1));
                        })
                        .forEach(e -> candidates
                                .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(e.getValue()));
            }
            for (List<Long> part : chunks(senders)) {
                h.createQuery("SELECT id, display_name FROM users WHERE id IN (<ids>)")
                        .bindList("ids", part)
                        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                        .forEach(e -> names.put(e.getKey(), e.getValue()));
            }
            // Rooms whose head moved, their members whose cursor moved, those with an announced seq:
            // three index ranges (rooms_by_last_pos, members_by_cursor, the badge key), never a scan.
            List<Read> reads = h.createQuery("""
                            SELECT b.user_id, b.room_id, m.read_seq, b.seq FROM rooms r
                            JOIN members m ON m.room_id = r.id AND m.cursor_pos > :a AND m.cursor_pos <= :e
                            JOIN push_badges b ON b.user_id = m.user_id AND b.room_id = m.room_id
                            WHERE r.last_pos > :a AND m.read_seq >= b.seq""")
                    .bind("a", after)
                    .bind("e", end)
                    .map((rs, ctx) -> new Read(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                    .list();
            return new Work(end, messages, rooms, candidates, names, reads);
        });
    }

    /** The sorted ids of data.mentions, or none. */
    private static long[] mentions(String data) {
        if (data == null || !data.contains("mentions")) return new long[0];
        var node = dev.confab.wire.Json.readObject(data).path("mentions");
        long[] ids = new long[node.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = node.get(i).asLong();
        java.util.Arrays.sort(ids);
        return ids;
    }

    @Override
    public Map<Long, List<PushTarget>> activeTargets(Collection<Long> userIds, Instant now) {
        Map<Long, List<PushTarget>> out = new HashMap<>();
        db.reader.useHandle(h -> {
            for (List<Long> part : chunks(new ArrayList<>(userIds))) {
                h.createQuery("SELECT " + TARGET_COLUMNS + """
                                 FROM push_targets t JOIN sessions s ON s.id = t.session_id
                                WHERE t.user_id IN (<ids>) AND s.revoked_at IS NULL AND s.expires_at > :now ORDER BY t.id""")
                        .bindList("ids", part)
                        .bind("now", now.toEpochMilli())
                        .map((rs, ctx) -> target(rs))
                        .forEach(t -> out.computeIfAbsent(t.userId(), k -> new ArrayList<>())
                                .add(t));
            }
        });
        return out;
    }

    @Override
    public Map<Long, Long> unread(Collection<Long> userIds) {
        Map<Long, Long> out = new HashMap<>();
        db.reader.useHandle(h -> {
            for (List<Long> part : chunks(new ArrayList<>(userIds))) {
                h.createQuery("""
                                SELECT m.user_id, SUM(r.last_seq - m.read_seq) FROM members m JOIN rooms r ON r.id = m.room_id
                                WHERE m.user_id IN (<ids>) AND m.left_seq IS NULL GROUP BY m.user_id""")
                        .bindList("ids", part)
                        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                        .forEach(e -> out.put(e.getKey(), e.getValue()));
            }
        });
        return out;
    }

    @Override
    public boolean plan(
            List<Planned> pushes, List<Badge> announced, List<Read> cleared, long from, long end, Instant now) {
        return db.writer.inTransaction(h -> {
            // first, so that a planner that lost the race writes nothing else (and the row lock
            // makes a concurrent planner on PostgreSQL wait here, then find the position moved)
            int moved = h.createUpdate("UPDATE push_progress SET pos = :p WHERE id = 1 AND pos = :from")
                    .bind("p", end)
                    .bind("from", from)
                    .execute();
            if (moved == 0) return false;
            if (!pushes.isEmpty()) {
                PreparedBatch insert = h.prepareBatch("""
                        INSERT INTO push_outbox (target_id, payload, topic, urgency, attempts, next_at, created_at)
                        VALUES (:t, :p, :topic, :u, 0, :now, :now)""");
                for (Planned p : pushes)
                    insert.bind("t", p.targetId())
                            .bind("p", p.payload())
                            .bind("topic", p.topic())
                            .bind("u", p.urgency())
                            .bind("now", now.toEpochMilli())
                            .add();
                insert.execute();
            }
            if (!cleared.isEmpty()) {
                PreparedBatch delete =
                        h.prepareBatch("DELETE FROM push_badges WHERE user_id = :u AND room_id = :r AND seq <= :s");
                for (Read r : cleared)
                    delete.bind("u", r.userId())
                            .bind("r", r.roomId())
                            .bind("s", r.readSeq())
                            .add();
                delete.execute();
            }
            if (!announced.isEmpty()) {
                PreparedBatch upsert = h.prepareBatch("""
                        INSERT INTO push_badges (user_id, room_id, seq) VALUES (:u, :r, :s)
                        ON CONFLICT (user_id, room_id) DO UPDATE SET seq = excluded.seq""");
                for (Badge b : announced)
                    upsert.bind("u", b.userId())
                            .bind("r", b.roomId())
                            .bind("s", b.seq())
                            .add();
                upsert.execute();
            }
            return true;
        });
    }

    // --- sending

    @Override
    public List<Pending> claimDue(Instant now, Instant heldUntil, int limit) {
        record Due(Pending push, long nextAt) {}
        List<Due> due = db.reader.withHandle(h -> h.createQuery(
                        "SELECT o.id AS outbox_id, o.payload, o.topic, o.urgency, o.attempts, o.next_at, "
                                + TARGET_COLUMNS + """
                         FROM push_outbox o JOIN push_targets t ON t.id = o.target_id
                        WHERE o.next_at <= :now ORDER BY o.next_at, o.id LIMIT :n""")
                .bind("now", now.toEpochMilli())
                .bind("n", limit)
                .map((rs, ctx) -> new Due(
                        new Pending(
                                rs.getLong("outbox_id"),
                                target(rs),
                                rs.getString("payload"),
                                rs.getString("topic"),
                                rs.getString("urgency"),
                                rs.getInt("attempts")),
                        rs.getLong("next_at")))
                .list());
        if (due.isEmpty()) return List.of();
        // a row is ours if it still falls due when we mark it: a sender on another node that read it too finds it moved
        int[] taken = db.writer.inTransaction(h -> {
            PreparedBatch hold =
                    h.prepareBatch("UPDATE push_outbox SET next_at = :until WHERE id = :id AND next_at = :was");
            for (Due d : due)
                hold.bind("until", heldUntil.toEpochMilli())
                        .bind("id", d.push().id())
                        .bind("was", d.nextAt())
                        .add();
            return hold.execute();
        });
        List<Pending> out = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++)
            if (taken[i] > 0) out.add(due.get(i).push());
        return out;
    }

    @Override
    public Optional<Instant> nextDue() {
        return db.reader.withHandle(h -> h.createQuery("SELECT MIN(next_at) AS next_at FROM push_outbox")
                .map((rs, ctx) ->
                        Optional.ofNullable(Rows.nullableLong(rs, "next_at")).map(Instant::ofEpochMilli))
                .one());
    }

    @Override
    public void remove(long outboxId) {
        db.writer.useHandle(h -> h.createUpdate("DELETE FROM push_outbox WHERE id = :id")
                .bind("id", outboxId)
                .execute());
    }

    @Override
    public void retry(long outboxId, int attempts, Instant nextAt) {
        db.writer.useHandle(h -> h.createUpdate("UPDATE push_outbox SET attempts = :a, next_at = :n WHERE id = :id")
                .bind("a", attempts)
                .bind("n", nextAt.toEpochMilli())
                .bind("id", outboxId)
                .execute());
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> out = new ArrayList<>();
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
        for (int i = 0; i < distinct.size(); i += CHUNK)
            out.add(distinct.subList(i, Math.min(distinct.size(), i + CHUNK)));
        return out;
    }
}
