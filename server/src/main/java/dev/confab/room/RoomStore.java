package dev.confab.room;

import dev.confab.message.Message;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface RoomStore {
    /** The direct room of two users, created with its system message if it did not exist. Safe under races. */
    Created getOrCreateDirect(long userA, long userB, Instant now);

    Created createGroup(long creatorId, String name, String description, List<Long> memberIds, Instant now);

    /** Adds those of {@code userIds} who are not active members yet, with one system message. */
    Added addMembers(long roomId, long actorId, List<Long> userIds, Instant now);

    Optional<Room> findRoom(long roomId);

    Optional<Member> findMember(long roomId, long userId);

    List<Member> activeMembers(long roomId);

    long[] activeMemberIds(long roomId);

    Set<Long> existingUsers(Collection<Long> userIds);

    /** Whether {@code blockerId} blocks {@code blockedId}. */
    boolean hasBlocked(long blockerId, long blockedId);

    record Created(Room room, boolean created, List<Message> events) {}

    record Added(List<Long> added, Optional<Message> event) {}
}
