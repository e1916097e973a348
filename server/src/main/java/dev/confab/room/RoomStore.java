package dev.confab.room;

import dev.confab.message.Message;
import dev.confab.message.Receipt;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

public interface RoomStore {
    /** The direct room of two users, created with its system message if it did not exist. Safe under races. */
    Created getOrCreateDirect(long userA, long userB, Instant now);

    Created createGroup(NewGroup group, Instant now);

    /** Runs {@code change} in one writing transaction on the room; empty when there is no such room. */
    <T> Optional<Changed<T>> change(long roomId, Instant now, Function<RoomTx, T> change);

    Optional<Room> findRoom(long roomId);

    Optional<Member> findMember(long roomId, long userId);

    List<Member> activeMembers(long roomId);

    long[] activeMemberIds(long roomId);

    /**
     * The active members, ascending, who see every member's cursors: all of them, except in a
     * channel, where only those whose role may {@link Action#SEE_READERS}.
     */
    long[] cursorObserverIds(long roomId);

    /** The room as it was when the user's membership ended, with {@code lastSeq} at that end; empty unless they are a former member. */
    Optional<Room> roomAsLeft(long roomId, long userId);

    Set<Long> existingUsers(Collection<Long> userIds);

    /** Whether {@code blockerId} blocks {@code blockedId}. */
    boolean hasBlocked(long blockerId, long blockedId);

    Optional<Invite> findInvite(String code);

    List<Invite> invites(long roomId);

    List<Ban> bans(long roomId);

    List<Long> pinnedSeqs(long roomId);

    /** Public rooms whose name contains {@code query} (case-insensitive; all when blank), largest first. */
    List<Room> directory(String query, int limit);

    record NewGroup(
            long creatorId,
            Room.Kind kind,
            String name,
            String description,
            Room.Visibility visibility,
            Room.History history,
            List<Long> memberIds) {}

    record Created(Room room, boolean created, List<Message> events) {}

    /** What a change returned, the system messages it appended, in order, and the cursors they moved (the actor's). */
    record Changed<T>(T result, List<Message> events, List<Receipt> receipts) {}

    record Ban(long userId, long bannedBy, Instant bannedAt) {}
}
