package dev.confab.message;

import dev.confab.room.Role;
import dev.confab.room.Room;
import java.util.List;

/** The system messages a committed room change appends to the room's sequence (membership, roles, info, deletions, pins). */
public sealed interface RoomEvent extends Body {
    /** A room came to be, with these first members. */
    record RoomCreated(List<Long> userIds) implements RoomEvent {
        public RoomCreated {
            userIds = List.copyOf(userIds);
        }

        public String kind() {
            return "room.created";
        }
    }

    /** The room's info changed: only the changed fields are set. */
    record RoomUpdated(String name, String description, Room.Visibility visibility, Room.History history)
            implements RoomEvent {
        public String kind() {
            return "room.updated";
        }

        public boolean isEmpty() {
            return name == null && description == null && visibility == null && history == null;
        }
    }

    record MembersAdded(List<Long> userIds) implements RoomEvent {
        public MembersAdded {
            userIds = List.copyOf(userIds);
        }

        public String kind() {
            return "members.added";
        }
    }

    /** {@code via} is how they came in: {@code public} or {@code invite}. */
    record MemberJoined(long userId, String via) implements RoomEvent {
        public String kind() {
            return "member.joined";
        }
    }

    record MemberLeft(long userId) implements RoomEvent {
        public String kind() {
            return "member.left";
        }
    }

    record MemberRemoved(long userId) implements RoomEvent {
        public String kind() {
            return "member.removed";
        }
    }

    record MemberBanned(long userId) implements RoomEvent {
        public String kind() {
            return "member.banned";
        }
    }

    record MemberUnbanned(long userId) implements RoomEvent {
        public String kind() {
            return "member.unbanned";
        }
    }

    record MemberRole(long userId, Role role) implements RoomEvent {
        public String kind() {
            return "member.role";
        }
    }

    record MessageDeleted(long seq, long id) implements RoomEvent {
        public String kind() {
            return "message.deleted";
        }
    }

    record MessagePinned(long seq) implements RoomEvent {
        public String kind() {
            return "message.pinned";
        }
    }

    record MessageUnpinned(long seq) implements RoomEvent {
        public String kind() {
            return "message.unpinned";
        }
    }
}
