package dev.confab.room;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.message.Message;
import dev.confab.message.RoomEvents;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Direct and group rooms and their membership. Non-members learn nothing: every refusal is ROOM_NOT_FOUND. */
public final class Rooms {
    public static final int MAX_NAME_CHARS = 100;
    public static final int MAX_DESCRIPTION_CHARS = 1000;
    public static final int MAX_MEMBERS_PER_CALL = 200;

    private final RoomStore store;
    private final RoomEvents events;
    private final Clock clock;

    public Rooms(RoomStore store, RoomEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public record Opened(Room room, boolean created) {}

    public Opened direct(Principal who, long otherUserId) {
        if (otherUserId == who.userId()) throw new ConfabException(ErrorCode.DIRECT_SELF);
        if (store.existingUsers(List.of(otherUserId)).isEmpty()) throw new ConfabException(ErrorCode.USER_NOT_FOUND);
        // Someone who blocked me cannot be reached by opening a room. A block landing right after this
        // check still stops posting: the room is created with the pair's block count.
        if (store.hasBlocked(otherUserId, who.userId())) throw new ConfabException(ErrorCode.BLOCKED, "This user has blocked you.");
        RoomStore.Created c = store.getOrCreateDirect(who.userId(), otherUserId, clock.instant());
        publish(c);
        return new Opened(c.room(), c.created());
    }

    public Room createGroup(Principal who, String name, String description, List<Long> memberIds) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME_CHARS || n.chars().anyMatch(Character::isISOControl)) {
            throw ConfabException.invalid("name must be 1-" + MAX_NAME_CHARS + " characters without control characters");
        }
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION_CHARS) throw ConfabException.invalid("description must be at most " + MAX_DESCRIPTION_CHARS + " characters");
        Set<Long> members = checkedUsers(memberIds == null ? List.of() : memberIds);
        members.remove(who.userId());
        RoomStore.Created c = store.createGroup(who.userId(), n, d, List.copyOf(members), clock.instant());
        publish(c);
        return c.room();
    }

    public record AddResult(Room room, List<Long> added) {}

    public AddResult addMembers(Principal who, long roomId, List<Long> userIds) {
        Room room = store.findRoom(roomId).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        Member me = activeMember(roomId, who.userId());
        if (room.kind() == Room.Kind.DIRECT) throw new ConfabException(ErrorCode.FORBIDDEN, "A direct room always has exactly two members.");
        if (!me.role().canAddMembers()) throw new ConfabException(ErrorCode.FORBIDDEN, "Only owners and admins add members.");
        if (userIds == null || userIds.isEmpty()) throw ConfabException.invalid("userIds must list at least one user");
        Set<Long> users = checkedUsers(userIds);
        RoomStore.Added added = store.addMembers(roomId, who.userId(), List.copyOf(users), clock.instant());
        if (!added.added().isEmpty()) {
            events.membershipChanged(roomId);
            added.event().ifPresent(m -> events.messagePosted(m, 0));
        }
        return new AddResult(store.findRoom(roomId).orElseThrow(), added.added());
    }

    public record Details(Room room, List<Member> members) {}

    public Details details(Principal who, long roomId) {
        Member me = store.findMember(roomId, who.userId()).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        Room room = store.findRoom(roomId).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        return new Details(room, me.active() ? store.activeMembers(roomId) : List.of(me));
    }

    private Member activeMember(long roomId, long userId) {
        return store.findMember(roomId, userId).filter(Member::active)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
    }

    private Set<Long> checkedUsers(List<Long> ids) {
        if (ids.size() > MAX_MEMBERS_PER_CALL) throw ConfabException.invalid("at most " + MAX_MEMBERS_PER_CALL + " users per call");
        Set<Long> unique = new LinkedHashSet<>(ids);
        Set<Long> found = store.existingUsers(unique);
        for (Long id : unique) {
            if (!found.contains(id)) throw new ConfabException(ErrorCode.USER_NOT_FOUND, "No user with id " + id + ".");
        }
        return unique;
    }

    private void publish(RoomStore.Created c) {
        if (!c.created()) return;
        events.membershipChanged(c.room().id());
        for (Message m : c.events()) events.messagePosted(m, 0);
    }
}
