package dev.confab.store;

import dev.confab.message.Body;
import dev.confab.message.Message;
import dev.confab.message.RoomEvent;
import dev.confab.room.Invite;
import dev.confab.room.Member;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.room.RoomTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@link RoomTx} over one writing transaction that already holds the stream lock. */
final class SqlRoomTx implements RoomTx {
    private final Handle h;
    private final StreamWriter w;
    private Room room;
    private final List<Message> events = new ArrayList<>();

    SqlRoomTx(Handle h, StreamWriter w, Room room) {
        this.h = h;
        this.w = w;
        this.room = room;
    }

    List<Message> events() {
        return List.copyOf(events);
    }

    @Override
    public Room room() {
        return room;
    }

    @Override
    public Instant now() {
        return w.now();
    }

    @Override
    public Optional<Member> member(long userId) {
        return h.createQuery("SELECT " + Rows.MEMBER_COLUMNS + " FROM members m WHERE room_id = :r AND user_id = :u")
                .bind("r", room.id())
                .bind("u", userId)
                .map(Rows.MEMBER)
                .findOne();
    }

    @Override
    public int activeOwners() {
        return h.createQuery("SELECT COUNT(*) FROM members WHERE room_id = :r AND left_seq IS NULL AND role = 'owner'")
                .bind("r", room.id())
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public boolean banned(long userId) {
        return h.createQuery("SELECT COUNT(*) FROM bans WHERE room_id = :r AND user_id = :u")
                        .bind("r", room.id())
                        .bind("u", userId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    @Override
    public Message event(long actorId, RoomEvent event) {
        Message m = w.append(room.id(), actorId, null, event);
        events.add(m);
        return m;
    }

    @Override
    public void admit(long userId, Role role, long seq) {
        int returning = h.createUpdate("""
                        UPDATE members SET role = :role, joined_seq = :s, left_seq = NULL, left_pos = NULL,
                        left_name = NULL, left_description = NULL, left_visibility = NULL, left_history = NULL, left_member_count = NULL,
                        delivered_seq = :s, read_seq = :s WHERE room_id = :r AND user_id = :u AND left_seq IS NOT NULL""")
                .bind("role", role.wire())
                .bind("s", seq)
                .bind("r", room.id())
                .bind("u", userId)
                .execute();
        if (returning == 0) {
            SqlRoomStore.insertMember(h, w, room.id(), userId, role, seq);
        } else {
            h.createUpdate("UPDATE rooms SET member_count = member_count + 1 WHERE id = :r")
                    .bind("r", room.id())
                    .execute();
            w.joined(room.id(), userId, role, seq);
        }
    }

    @Override
    public void dismiss(long userId, Message event) {
        h.createUpdate("UPDATE rooms SET member_count = member_count - 1 WHERE id = :r")
                .bind("r", room.id())
                .execute();
        // The member's cursors may not point past what they can still see, and the room's info is
        // kept as it is now: what they see of it from here on.
        h.createUpdate("""
                        UPDATE members SET left_seq = :s, left_pos = :p,
                        delivered_seq = CASE WHEN delivered_seq > :s THEN :s ELSE delivered_seq END,
                        read_seq = CASE WHEN read_seq > :s THEN :s ELSE read_seq END,
                        left_name = (SELECT name FROM rooms WHERE id = :r),
                        left_description = (SELECT description FROM rooms WHERE id = :r),
                        left_visibility = (SELECT visibility FROM rooms WHERE id = :r),
                        left_history = (SELECT history FROM rooms WHERE id = :r),
                        left_member_count = (SELECT member_count FROM rooms WHERE id = :r)
                        WHERE room_id = :r AND user_id = :u AND left_seq IS NULL""")
                .bind("s", event.seq())
                .bind("p", event.id())
                .bind("r", room.id())
                .bind("u", userId)
                .execute();
        w.ended(room.id(), userId, event.seq());
    }

    @Override
    public void setRole(long userId, Role role) {
        h.createUpdate("UPDATE members SET role = :role WHERE room_id = :r AND user_id = :u")
                .bind("role", role.wire())
                .bind("r", room.id())
                .bind("u", userId)
                .execute();
        w.roleChanged(room.id(), userId, role);
    }

    @Override
    public void ban(long userId, long actorId) {
        h.createUpdate(
                        "INSERT INTO bans (room_id, user_id, banned_by, banned_at) VALUES (:r, :u, :by, :at) ON CONFLICT DO NOTHING")
                .bind("r", room.id())
                .bind("u", userId)
                .bind("by", actorId)
                .bind("at", w.now().toEpochMilli())
                .execute();
    }

    @Override
    public boolean unban(long userId) {
        return h.createUpdate("DELETE FROM bans WHERE room_id = :r AND user_id = :u")
                        .bind("r", room.id())
                        .bind("u", userId)
                        .execute()
                > 0;
    }

    @Override
    public void updateInfo(String name, String description, Room.Visibility visibility, Room.History history) {
        h.createUpdate("UPDATE rooms SET name = :n, description = :d, visibility = :v, history = :hist WHERE id = :r")
                .bind("n", name)
                .bind("d", description)
                .bind("v", visibility.wire())
                .bind("hist", history.wire())
                .bind("r", room.id())
                .execute();
        room = new Room(
                room.id(),
                room.kind(),
                name,
                description,
                room.creatorId(),
                room.createdAt(),
                room.lastSeq(),
                visibility,
                history,
                room.memberCount());
    }

    @Override
    public Invite createInvite(String code, long actorId, Instant expiresAt, Integer maxUses) {
        return h.createQuery("""
                        INSERT INTO invites (room_id, code, created_by, created_at, expires_at, max_uses)
                        VALUES (:r, :c, :by, :at, :exp, :max) RETURNING id, room_id, code, created_by, created_at, expires_at,
                        max_uses, uses, revoked_at""")
                .bind("r", room.id())
                .bind("c", code)
                .bind("by", actorId)
                .bind("at", w.now().toEpochMilli())
                .bind("exp", expiresAt == null ? null : expiresAt.toEpochMilli())
                .bind("max", maxUses)
                .map(Rows.INVITE)
                .one();
    }

    @Override
    public Optional<Invite> invite(String code) {
        return h.createQuery("SELECT " + Rows.INVITE_COLUMNS + " FROM invites i WHERE code = :c AND room_id = :r")
                .bind("c", code)
                .bind("r", room.id())
                .map(Rows.INVITE)
                .findOne();
    }

    @Override
    public void countInviteUse(long inviteId) {
        h.createUpdate("UPDATE invites SET uses = uses + 1 WHERE id = :id")
                .bind("id", inviteId)
                .execute();
    }

    @Override
    public boolean revokeInvite(String code) {
        return h.createUpdate(
                                "UPDATE invites SET revoked_at = :at WHERE code = :c AND room_id = :r AND revoked_at IS NULL")
                        .bind("at", w.now().toEpochMilli())
                        .bind("c", code)
                        .bind("r", room.id())
                        .execute()
                > 0;
    }

    @Override
    public Optional<Message> message(long seq) {
        return h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages msg WHERE room_id = :r AND seq = :s")
                .bind("r", room.id())
                .bind("s", seq)
                .map(Rows.MESSAGE)
                .findOne();
    }

    @Override
    public void tombstone(long seq) {
        h.createUpdate(
                        "UPDATE messages SET kind = :k, text = NULL, data = NULL, edited_at = NULL WHERE room_id = :r AND seq = :s")
                .bind("k", Body.Deleted.KIND)
                .bind("r", room.id())
                .bind("s", seq)
                .execute();
        // Nothing of what it said survives: earlier texts kept by its edits, and its reactions.
        h.createUpdate("DELETE FROM message_changes WHERE room_id = :r AND seq = :s")
                .bind("r", room.id())
                .bind("s", seq)
                .execute();
        h.createUpdate(
                        "DELETE FROM reactions WHERE message_id = (SELECT id FROM messages WHERE room_id = :r AND seq = :s)")
                .bind("r", room.id())
                .bind("s", seq)
                .execute();
    }

    @Override
    public boolean pin(long seq, long actorId) {
        return h.createUpdate("""
                        INSERT INTO pins (room_id, seq, pinned_by, pinned_at) VALUES (:r, :s, :by, :at) ON CONFLICT DO NOTHING""")
                        .bind("r", room.id())
                        .bind("s", seq)
                        .bind("by", actorId)
                        .bind("at", w.now().toEpochMilli())
                        .execute()
                > 0;
    }

    @Override
    public boolean unpin(long seq) {
        return h.createUpdate("DELETE FROM pins WHERE room_id = :r AND seq = :s")
                        .bind("r", room.id())
                        .bind("s", seq)
                        .execute()
                > 0;
    }
}
