package dev.confab.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** What the admin command line reads and changes beyond the domain services: listings, exports, room deletion. */
public interface AdminStore {
    Optional<Long> userId(String username);

    /** Users whose name starts with {@code prefix}, by name; each row its columns by name (no secrets). */
    List<Map<String, Object>> users(String prefix, int limit);

    /** Rooms by last activity, newest first. */
    List<Map<String, Object>> rooms(int limit);

    Optional<Map<String, Object>> room(long roomId);

    List<Map<String, Object>> members(long roomId);

    /** Removes the room and everything that belongs to it (messages, members, invites, ...); false if there was none. */
    boolean deleteRoom(long roomId);

    /** Counts of the main kinds of rows, and the stream position. */
    Map<String, Long> stats();

    /** Streams every row of one part of an export, in order, without holding them all. */
    void export(ExportPart part, long id, Consumer<Map<String, Object>> row);

    enum ExportPart {
        USER,
        USER_SESSIONS,
        USER_MEMBERSHIPS,
        USER_MESSAGES,
        ROOM,
        ROOM_MEMBERS,
        ROOM_MESSAGES
    }
}
