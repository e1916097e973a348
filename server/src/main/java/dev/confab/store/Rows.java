package dev.confab.store;

import dev.confab.account.Session;
import dev.confab.account.User;
import dev.confab.message.Body;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;
import dev.confab.room.Invite;
import dev.confab.room.Member;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.wire.MessageData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;

/** Column lists and row mappers shared by the SQL stores. */
final class Rows {
    private Rows() {}

    static final String USER_COLUMNS = "u.id, u.username, u.display_name, u.created_at, u.last_seen_at";
    static final String SESSION_COLUMNS =
            "s.id, s.user_id, s.device, s.created_at, s.last_used_at, s.expires_at, s.revoked_at";
    static final String ROOM_COLUMNS =
            "r.id, r.kind, r.name, r.description, r.creator_id, r.created_at, r.last_seq, r.visibility, r.history, r.member_count";
    static final String INVITE_COLUMNS =
            "i.id, i.room_id, i.code, i.created_by, i.created_at, i.expires_at, i.max_uses, i.uses, i.revoked_at";
    static final String MEMBER_COLUMNS =
            "m.room_id, m.user_id, m.role, m.joined_seq, m.left_seq, m.delivered_seq, m.read_seq";
    static final String MESSAGE_COLUMNS =
            "msg.id, msg.room_id, msg.seq, msg.sender_id, msg.client_id, msg.kind, msg.text, msg.data, msg.created_at, msg.edited_at";

    static final RowMapper<User> USER = (rs, ctx) -> user(rs, "");
    static final RowMapper<Session> SESSION = (rs, ctx) -> session(rs);
    static final RowMapper<Room> ROOM = (rs, ctx) -> room(rs);
    static final RowMapper<Invite> INVITE = (rs, ctx) -> invite(rs);
    static final RowMapper<Member> MEMBER = (rs, ctx) -> member(rs);
    static final RowMapper<Message> MESSAGE = (rs, ctx) -> message(rs, "");
    static final RowMapper<Receipt> RECEIPT = (rs, ctx) -> new Receipt(
            rs.getLong("room_id"),
            rs.getLong("user_id"),
            rs.getLong("delivered_seq"),
            rs.getLong("read_seq"),
            rs.getLong("cursor_pos"));

    /** A row of message_changes: an edit (with the new body) or a reaction (with the emoji's count after it). */
    static final RowMapper<MessageChange> CHANGE = (rs, ctx) -> switch (rs.getString("kind")) {
        case "edit" ->
            new MessageChange.Edited(
                    rs.getLong("pos"),
                    rs.getLong("room_id"),
                    rs.getLong("seq"),
                    rs.getLong("message_id"),
                    rs.getLong("actor_id"),
                    MessageData.decode(
                            rs.getString("body_kind"), rs.getString("text"), rs.getString("data"), instant(rs, "at")),
                    instant(rs, "at"));
        case "reaction" ->
            new MessageChange.Reacted(
                    rs.getLong("pos"),
                    rs.getLong("room_id"),
                    rs.getLong("seq"),
                    rs.getLong("message_id"),
                    rs.getLong("actor_id"),
                    rs.getString("emoji"),
                    rs.getBoolean("added"),
                    rs.getInt("count"));
        default -> throw new IllegalStateException("unknown message change: " + rs.getString("kind"));
    };

    static User user(ResultSet rs, String prefix) throws SQLException {
        return new User(
                rs.getLong(prefix + "id"),
                rs.getString(prefix + "username"),
                rs.getString(prefix + "display_name"),
                instant(rs, prefix + "created_at"),
                instant(rs, prefix + "last_seen_at"));
    }

    static Session session(ResultSet rs) throws SQLException {
        return new Session(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("device"),
                instant(rs, "created_at"),
                instant(rs, "last_used_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"));
    }

    static Room room(ResultSet rs) throws SQLException {
        return new Room(
                rs.getLong("id"),
                Room.Kind.fromWire(rs.getString("kind")),
                rs.getString("name"),
                rs.getString("description"),
                nullableLong(rs, "creator_id"),
                instant(rs, "created_at"),
                rs.getLong("last_seq"),
                Room.Visibility.fromWire(rs.getString("visibility")),
                Room.History.fromWire(rs.getString("history")),
                rs.getLong("member_count"));
    }

    static Invite invite(ResultSet rs) throws SQLException {
        Long maxUses = nullableLong(rs, "max_uses");
        return new Invite(
                rs.getLong("id"),
                rs.getLong("room_id"),
                rs.getString("code"),
                rs.getLong("created_by"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                maxUses == null ? null : maxUses.intValue(),
                rs.getInt("uses"),
                instant(rs, "revoked_at"));
    }

    static Member member(ResultSet rs) throws SQLException {
        return new Member(
                rs.getLong("room_id"),
                rs.getLong("user_id"),
                Role.fromWire(rs.getString("role")),
                rs.getLong("joined_seq"),
                nullableLong(rs, "left_seq"),
                nullableLong(rs, "delivered_seq"),
                nullableLong(rs, "read_seq"));
    }

    /** Maps a message whose columns carry {@code prefix} (for joins that alias them). */
    static Message message(ResultSet rs, String prefix) throws SQLException {
        Body body = MessageData.decode(
                rs.getString(prefix + "kind"),
                rs.getString(prefix + "text"),
                rs.getString(prefix + "data"),
                instant(rs, prefix + "edited_at"));
        return new Message(
                rs.getLong(prefix + "id"),
                rs.getLong(prefix + "room_id"),
                rs.getLong(prefix + "seq"),
                rs.getLong(prefix + "sender_id"),
                rs.getString(prefix + "client_id"),
                body,
                instant(rs, prefix + "created_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
