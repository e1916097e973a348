package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.message.RoomEvent;
import dev.confab.room.Invite;
import dev.confab.room.Member;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.room.RoomStore;
import dev.confab.room.RoomTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

public final class SqlRoomStore implements RoomStore {
    private final Database db;

    public SqlRoomStore(Database db) {
        this.db = db;
    }

    static String directKey(long a, long b) {
        return Math.min(a, b) + ":" + Math.max(a, b);
    }

    @Override
    public Created getOrCreateDirect(long userA, long userB, Instant now) {
        String key = directKey(userA, userB);
        Optional<Room> existing = db.reader.withHandle(h -> findByDirectKey(h, key));
        if (existing.isPresent()) return new Created(existing.get(), false, List.of());
        return db.writer.inTransaction(h -> {
            // The stream lock serializes room creation; re-check under it so racing requests find the winner's room.
            StreamWriter w = new StreamWriter(h, now);
            Optional<Room> raced = findByDirectKey(h, key);
            if (raced.isPresent()) return new Created(raced.get(), false, List.of());
            long roomId = h.createQuery("""
                            INSERT INTO rooms (kind, creator_id, direct_key, created_at) VALUES ('direct', :creator, :key, :at) RETURNING id""")
                    .bind("creator", userA)
                    .bind("key", key)
                    .bind("at", now.toEpochMilli())
                    .mapTo(Long.class)
                    .one();
            // Blocks between the pair made before the room existed count too (SqlBlockStore keeps it after).
            h.createUpdate("""
                            UPDATE rooms SET blocked = (SELECT COUNT(*) FROM blocks
                                WHERE (blocker_id = :a AND blocked_id = :b) OR (blocker_id = :b AND blocked_id = :a)) WHERE id = :r""")
                    .bind("a", userA)
                    .bind("b", userB)
                    .bind("r", roomId)
                    .execute();
            List<Long> members = List.of(userA, userB);
            Message created = w.append(roomId, userA, null, new RoomEvent.RoomCreated(members));
            for (long u : members) insertMember(h, w, roomId, u, Role.MEMBER, created.seq());
            w.finish();
            return new Created(findRoom(h, roomId).orElseThrow(), true, List.of(created));
        });
    }

    @Override
    public Created createGroup(NewGroup g, Instant now) {
        return db.writer.inTransaction(h -> {
            StreamWriter w = new StreamWriter(h, now);
            long roomId = h.createQuery("""
                            INSERT INTO rooms (kind, name, description, creator_id, created_at, visibility, history)
                            VALUES (:kind, :name, :description, :creator, :at, :visibility, :history) RETURNING id""")
                    .bind("kind", g.kind().wire())
                    .bind("name", g.name())
                    .bind("description", g.description())
                    .bind("creator", g.creatorId())
                    .bind("at", now.toEpochMilli())
                    .bind("visibility", g.visibility().wire())
                    .bind("history", g.history().wire())
                    .mapTo(Long.class)
                    .one();
            List<Long> members = new ArrayList<>();
            members.add(g.creatorId());
            members.addAll(g.memberIds());
            Message created = w.append(roomId, g.creatorId(), null, new RoomEvent.RoomCreated(members));
            insertMember(h, w, roomId, g.creatorId(), Role.OWNER, created.seq());
            for (long u : g.memberIds()) insertMember(h, w, roomId, u, Role.MEMBER, created.seq());
            w.finish();
            return new Created(findRoom(h, roomId).orElseThrow(), true, List.of(created));
        });
    }

    @Override
    public <T> Optional<Changed<T>> change(long roomId, Instant now, Function<RoomTx, T> change) {
        return db.writer.inTransaction(h -> {
            StreamWriter w = new StreamWriter(h, now);
            Optional<Room> room = findRoom(h, roomId);
            if (room.isEmpty()) return Optional.empty();
            SqlRoomTx tx = new SqlRoomTx(h, w, room.get());
            T result = change.apply(tx);
            w.finish();
            return Optional.of(new Changed<>(result, tx.events(), w.moved()));
        });
    }

    /** New members start with everything up to their joining event delivered and read. */
    static void insertMember(Handle h, StreamWriter w, long roomId, long userId, Role role, long seq) {
        h.createUpdate("""
                        INSERT INTO members (room_id, user_id, role, joined_seq, delivered_seq, read_seq, cursor_pos)
                        VALUES (:r, :u, :role, :s, :s, :s, 0)""")
                .bind("r", roomId)
                .bind("u", userId)
                .bind("role", role.wire())
                .bind("s", seq)
                .execute();
        h.createUpdate("UPDATE rooms SET member_count = member_count + 1 WHERE id = :r")
                .bind("r", roomId)
                .execute();
        w.joined(roomId, userId, role, seq);
    }

    private static Optional<Room> findByDirectKey(Handle h, String key) {
        return h.createQuery("SELECT " + Rows.ROOM_COLUMNS + " FROM rooms r WHERE direct_key = :k")
                .bind("k", key)
                .map(Rows.ROOM)
                .findOne();
    }

    static Optional<Room> findRoom(Handle h, long roomId) {
        return h.createQuery("SELECT " + Rows.ROOM_COLUMNS + " FROM rooms r WHERE id = :id")
                .bind("id", roomId)
                .map(Rows.ROOM)
                .findOne();
    }

    private static List<Long> activeIds(Handle h, long roomId) {
        return h.createQuery("SELECT user_id FROM members WHERE room_id = :r AND left_seq IS NULL ORDER BY user_id")
                .bind("r", roomId)
                .mapTo(Long.class)
                .list();
    }

    @Override
    public Optional<Room> findRoom(long roomId) {
        return db.reader.withHandle(h -> findRoom(h, roomId));
    }

    @Override
    public Optional<Member> findMember(long roomId, long userId) {
        return db.reader.withHandle(h -> h.createQuery(
                        "SELECT " + Rows.MEMBER_COLUMNS + " FROM members m WHERE room_id = :r AND user_id = :u")
                .bind("r", roomId)
                .bind("u", userId)
                .map(Rows.MEMBER)
                .findOne());
    }

    @Override
    public List<Member> activeMembers(long roomId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.MEMBER_COLUMNS
                        + " FROM members m WHERE room_id = :r AND left_seq IS NULL ORDER BY user_id")
                .bind("r", roomId)
                .map(Rows.MEMBER)
                .list());
    }

    @Override
    public long[] activeMemberIds(long roomId) {
        return db.reader.withHandle(h -> activeIds(h, roomId)).stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    @Override
    public long[] cursorObserverIds(long roomId) {
        return db
                .reader
                .withHandle(h -> h.createQuery("""
                        SELECT m.user_id FROM members m JOIN rooms r ON r.id = m.room_id
                        WHERE m.room_id = :r AND m.left_seq IS NULL AND """ + MemberVisibility.seesReaders("m", "r") + " ORDER BY m.user_id")
                        .bind("r", roomId)
                        .mapTo(Long.class)
                        .list())
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    @Override
    public Optional<Room> roomAsLeft(long roomId, long userId) {
        return db.reader.withHandle(h -> h.createQuery("""
                        SELECT r.id, r.kind, m.left_name AS name, m.left_description AS description, r.creator_id, r.created_at,
                               m.left_seq AS last_seq, m.left_visibility AS visibility, m.left_history AS history,
                               m.left_member_count AS member_count
                        FROM members m JOIN rooms r ON r.id = m.room_id
                        WHERE m.room_id = :r AND m.user_id = :u AND m.left_seq IS NOT NULL""")
                .bind("r", roomId)
                .bind("u", userId)
                .map(Rows.ROOM)
                .findOne());
    }

    @Override
    public Optional<Invite> findInvite(String code) {
        return db.reader.withHandle(
                h -> h.createQuery("SELECT " + Rows.INVITE_COLUMNS + " FROM invites i WHERE code = :c")
                        .bind("c", code)
                        .map(Rows.INVITE)
                        .findOne());
    }

    @Override
    public List<Invite> invites(long roomId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.INVITE_COLUMNS
                        + " FROM invites i WHERE room_id = :r AND revoked_at IS NULL ORDER BY id")
                .bind("r", roomId)
                .map(Rows.INVITE)
                .list());
    }

    @Override
    public List<Ban> bans(long roomId) {
        return db.reader.withHandle(h -> h.createQuery(
                        "SELECT user_id, banned_by, banned_at FROM bans WHERE room_id = :r ORDER BY banned_at")
                .bind("r", roomId)
                .map((rs, ctx) -> new Ban(rs.getLong(1), rs.getLong(2), Rows.instant(rs, "banned_at")))
                .list());
    }

    @Override
    public List<Long> pinnedSeqs(long roomId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT seq FROM pins WHERE room_id = :r ORDER BY seq")
                .bind("r", roomId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public List<Room> directory(String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        String pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.ROOM_COLUMNS + """
                         FROM rooms r WHERE r.visibility = 'public' AND LOWER(r.name) LIKE :p ESCAPE '\\'
                        ORDER BY r.member_count DESC, r.id LIMIT :n""")
                .bind("p", pattern)
                .bind("n", limit)
                .map(Rows.ROOM)
                .list());
    }

    @Override
    public boolean hasBlocked(long blockerId, long blockedId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT 1 FROM blocks WHERE blocker_id = :a AND blocked_id = :b")
                .bind("a", blockerId)
                .bind("b", blockedId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    @Override
    public Set<Long> existingUsers(Collection<Long> userIds) {
        if (userIds.isEmpty()) return Set.of();
        return db.reader.withHandle(h -> h.createQuery("SELECT id FROM users WHERE id IN (<ids>)")
                .bindList("ids", new ArrayList<>(new LinkedHashSet<>(userIds)))
                .mapTo(Long.class)
                .collect(Collectors.toSet()));
    }
}
