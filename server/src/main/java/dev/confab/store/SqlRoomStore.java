package dev.confab.store;

import dev.confab.message.Message;
import dev.confab.room.Member;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.room.RoomStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
            long roomId = insertRoom(h, Room.Kind.DIRECT, null, null, userA, key, now);
            // Blocks between the pair made before the room existed count too (SqlBlockStore keeps it after).
            h.createUpdate("""
                            UPDATE rooms SET blocked = (SELECT COUNT(*) FROM blocks
                                WHERE (blocker_id = :a AND blocked_id = :b) OR (blocker_id = :b AND blocked_id = :a)) WHERE id = :r""")
                    .bind("a", userA).bind("b", userB).bind("r", roomId).execute();
            List<Long> members = List.of(userA, userB);
            Message created = w.append(roomId, userA, null, Message.ROOM_CREATED, null, memberData(members));
            for (long u : members) insertMember(h, w, roomId, u, Role.MEMBER, created.seq());
            w.finish();
            return new Created(findRoom(h, roomId).orElseThrow(), true, List.of(created));
        });
    }

    @Override
    public Created createGroup(long creatorId, String name, String description, List<Long> memberIds, Instant now) {
        return db.writer.inTransaction(h -> {
            StreamWriter w = new StreamWriter(h, now);
            long roomId = insertRoom(h, Room.Kind.GROUP, name, description, creatorId, null, now);
            List<Long> members = new ArrayList<>();
            members.add(creatorId);
            members.addAll(memberIds);
            Message created = w.append(roomId, creatorId, null, Message.ROOM_CREATED, null, memberData(members));
            insertMember(h, w, roomId, creatorId, Role.OWNER, created.seq());
            for (long u : memberIds) insertMember(h, w, roomId, u, Role.MEMBER, created.seq());
            w.finish();
            return new Created(findRoom(h, roomId).orElseThrow(), true, List.of(created));
        });
    }

    @Override
    public Added addMembers(long roomId, long actorId, List<Long> userIds, Instant now) {
        return db.writer.inTransaction(h -> {
            StreamWriter w = new StreamWriter(h, now);
            Set<Long> active = new HashSet<>(activeIds(h, roomId));
            Set<Long> former = h.createQuery("SELECT user_id FROM members WHERE room_id = :r AND left_seq IS NOT NULL")
                    .bind("r", roomId).mapTo(Long.class).collect(Collectors.toSet());
            List<Long> added = userIds.stream().filter(u -> !active.contains(u)).distinct().toList();
            if (added.isEmpty()) return new Added(List.of(), Optional.empty());
            Message event = w.append(roomId, actorId, null, Message.MEMBERS_ADDED, null, memberData(added));
            for (long u : added) {
                if (former.contains(u)) {
                    h.createUpdate("""
                                    UPDATE members SET role = :role, joined_seq = :s, left_seq = NULL, left_pos = NULL,
                                    delivered_seq = :s, read_seq = :s WHERE room_id = :r AND user_id = :u""")
                            .bind("role", Role.MEMBER.wire()).bind("s", event.seq()).bind("r", roomId).bind("u", u).execute();
                    w.joined(roomId, u, event.seq());
                } else {
                    insertMember(h, w, roomId, u, Role.MEMBER, event.seq());
                }
            }
            w.finish();
            return new Added(added, Optional.of(event));
        });
    }

    private static long insertRoom(Handle h, Room.Kind kind, String name, String description, long creatorId, String directKey, Instant now) {
        return h.createQuery("""
                        INSERT INTO rooms (kind, name, description, creator_id, direct_key, created_at)
                        VALUES (:kind, :name, :description, :creator, :key, :at) RETURNING id""")
                .bind("kind", kind.wire()).bind("name", name).bind("description", description).bind("creator", creatorId)
                .bind("key", directKey).bind("at", now.toEpochMilli()).mapTo(Long.class).one();
    }

    /** New members start with everything up to their joining event delivered and read. */
    private static void insertMember(Handle h, StreamWriter w, long roomId, long userId, Role role, long seq) {
        h.createUpdate("""
                        INSERT INTO members (room_id, user_id, role, joined_seq, delivered_seq, read_seq, cursor_pos)
                        VALUES (:r, :u, :role, :s, :s, :s, 0)""")
                .bind("r", roomId).bind("u", userId).bind("role", role.wire()).bind("s", seq).execute();
        w.joined(roomId, userId, seq);
    }

    private static String memberData(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{\"userIds\":[", "]}"));
    }

    private static Optional<Room> findByDirectKey(Handle h, String key) {
        return h.createQuery("SELECT " + Rows.ROOM_COLUMNS + " FROM rooms r WHERE direct_key = :k").bind("k", key).map(Rows.ROOM).findOne();
    }

    private static Optional<Room> findRoom(Handle h, long roomId) {
        return h.createQuery("SELECT " + Rows.ROOM_COLUMNS + " FROM rooms r WHERE id = :id").bind("id", roomId).map(Rows.ROOM).findOne();
    }

    private static List<Long> activeIds(Handle h, long roomId) {
        return h.createQuery("SELECT user_id FROM members WHERE room_id = :r AND left_seq IS NULL ORDER BY user_id")
                .bind("r", roomId).mapTo(Long.class).list();
    }

    @Override
    public Optional<Room> findRoom(long roomId) {
        return db.reader.withHandle(h -> findRoom(h, roomId));
    }

    @Override
    public Optional<Member> findMember(long roomId, long userId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT " + Rows.MEMBER_COLUMNS + " FROM members m WHERE room_id = :r AND user_id = :u")
                .bind("r", roomId).bind("u", userId).map(Rows.MEMBER).findOne());
    }

    @Override
    public List<Member> activeMembers(long roomId) {
        return db.reader.withHandle(h -> h.createQuery(
                        "SELECT " + Rows.MEMBER_COLUMNS + " FROM members m WHERE room_id = :r AND left_seq IS NULL ORDER BY user_id")
                .bind("r", roomId).map(Rows.MEMBER).list());
    }

    @Override
    public long[] activeMemberIds(long roomId) {
        return db.reader.withHandle(h -> activeIds(h, roomId)).stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public boolean hasBlocked(long blockerId, long blockedId) {
        return db.reader.withHandle(h -> h.createQuery("SELECT 1 FROM blocks WHERE blocker_id = :a AND blocked_id = :b")
                .bind("a", blockerId).bind("b", blockedId).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public Set<Long> existingUsers(Collection<Long> userIds) {
        if (userIds.isEmpty()) return Set.of();
        return db.reader.withHandle(h -> h.createQuery("SELECT id FROM users WHERE id IN (<ids>)")
                .bindList("ids", new ArrayList<>(new LinkedHashSet<>(userIds))).mapTo(Long.class).collect(Collectors.toSet()));
    }
}
