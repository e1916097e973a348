package dev.confab.room;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import dev.confab.message.Body;
import dev.confab.message.Message;
import dev.confab.message.Receipt;
import dev.confab.message.RoomEvent;
import dev.confab.message.RoomEvents;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Rooms and their membership: the rules of who may do what ({@link Permissions}), checked inside
 * the same transaction as the change they allow. Non-members learn nothing: every refusal to an
 * outsider is ROOM_NOT_FOUND, exactly as for a room that does not exist.
 */
public final class Rooms {
    public static final int MAX_NAME_CHARS = 100;
    public static final int MAX_DESCRIPTION_CHARS = 1000;
    public static final int MAX_MEMBERS_PER_CALL = 200;
    public static final int MAX_INVITE_USES = 100_000;
    public static final Duration MAX_INVITE_LIFETIME = Duration.ofDays(365);

    private final RoomStore store;
    private final RoomEvents events;
    private final Clock clock;
    private final Limits limits;
    private final SecureRandom random = new SecureRandom();

    /** Per-user rate limits on the room actions that create things or let people in. */
    public record Limits(RateLimiter roomCreation, RateLimiter inviteCreation, RateLimiter joins) {}

    public Rooms(RoomStore store, RoomEvents events, Clock clock, Limits limits) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.limits = limits;
    }

    public record Opened(Room room, boolean created) {}

    public Opened direct(Principal who, long otherUserId) {
        if (otherUserId == who.userId()) throw new ConfabException(ErrorCode.DIRECT_SELF);
        if (store.existingUsers(List.of(otherUserId)).isEmpty()) throw new ConfabException(ErrorCode.USER_NOT_FOUND);
        // Someone who blocked me cannot be reached by opening a room. A block landing right after this
        // check still stops posting: the room is created with the pair's block count.
        if (store.hasBlocked(otherUserId, who.userId()))
            throw new ConfabException(ErrorCode.BLOCKED, "This user has blocked you.");
        RoomStore.Created c = store.getOrCreateDirect(who.userId(), otherUserId, clock.instant());
        if (c.created()) events.roomChanged(c.events());
        return new Opened(c.room(), c.created());
    }

    /** What a new group or channel should be; null fields take their defaults. */
    public record GroupSpec(
            String name,
            String description,
            List<Long> memberIds,
            Room.Kind kind,
            Room.Visibility visibility,
            Room.History history) {}

    public Room createGroup(Principal who, GroupSpec spec) {
        String name = checkedName(spec.name());
        String description = checkedDescription(spec.description());
        Room.Kind kind = spec.kind() == null ? Room.Kind.GROUP : spec.kind();
        if (kind == Room.Kind.DIRECT)
            throw ConfabException.invalid("kind must be group or channel; direct rooms come from /rooms/direct");
        Set<Long> members = checkedUsers(spec.memberIds() == null ? List.of() : spec.memberIds());
        members.remove(who.userId());
        limits.roomCreation().acquire(who.userId());
        RoomStore.Created c = store.createGroup(
                new RoomStore.NewGroup(
                        who.userId(),
                        kind,
                        name,
                        description,
                        spec.visibility() == null ? Room.Visibility.PRIVATE : spec.visibility(),
                        spec.history() == null ? Room.History.ALL : spec.history(),
                        List.copyOf(members)),
                clock.instant());
        events.roomChanged(c.events());
        return c.room();
    }

    public record AddResult(Room room, List<Long> added) {}

    public AddResult addMembers(Principal who, long roomId, List<Long> userIds) {
        if (userIds == null || userIds.isEmpty()) throw ConfabException.invalid("userIds must list at least one user");
        Set<Long> users = checkedUsers(userIds);
        List<Long> added = change(roomId, tx -> {
            Member me = activeMember(tx, who);
            Permissions.require(tx.room(), me, Action.INVITE);
            List<Long> fresh = new ArrayList<>();
            for (long u : users) {
                if (tx.member(u).filter(Member::active).isPresent()) continue;
                if (tx.banned(u))
                    throw new ConfabException(
                            ErrorCode.BANNED, "User " + u + " is banned from this room; unban them first.");
                fresh.add(u);
            }
            if (fresh.isEmpty()) return List.<Long>of();
            Message event = tx.event(who.userId(), new RoomEvent.MembersAdded(fresh));
            for (long u : fresh) tx.admit(u, Role.MEMBER, event.seq());
            return fresh;
        });
        return new AddResult(room(roomId), added);
    }

    /** Joins a public room without an invite. A private room looks like no room at all. */
    public Room join(Principal who, long roomId) {
        limits.joins().acquire(who.userId());
        change(roomId, tx -> {
            if (tx.room().visibility() != Room.Visibility.PUBLIC) {
                if (tx.member(who.userId()).filter(Member::active).isPresent()) return null;
                throw new ConfabException(ErrorCode.ROOM_NOT_FOUND);
            }
            admitSelf(tx, who, "public");
            return null;
        });
        return room(roomId);
    }

    /** What an invite link shows before joining: enough to decide, nothing about the members. */
    public record InvitePreview(
            long roomId, Room.Kind kind, String name, String description, long memberCount, Instant expiresAt) {}

    public InvitePreview previewInvite(Principal who, String code) {
        Invite invite = usableInvite(code, clock.instant());
        Room room = room(invite.roomId());
        return new InvitePreview(
                room.id(), room.kind(), room.name(), room.description(), room.memberCount(), invite.expiresAt());
    }

    /** Joins by link; the use count is checked and taken in the same transaction, so a 5-use link admits exactly 5. */
    public Room joinByInvite(Principal who, String code) {
        limits.joins().acquire(who.userId());
        Invite found = usableInvite(code, clock.instant());
        change(found.roomId(), tx -> {
            Invite invite = tx.invite(code).orElseThrow(() -> new ConfabException(ErrorCode.INVITE_NOT_FOUND));
            if (tx.member(who.userId()).filter(Member::active).isPresent()) return null;
            checkUsable(invite, tx.now());
            admitSelf(tx, who, "invite");
            tx.countInviteUse(invite.id());
            return null;
        });
        return room(found.roomId());
    }

    private void admitSelf(RoomTx tx, Principal who, String via) {
        if (tx.member(who.userId()).filter(Member::active).isPresent()) return;
        if (tx.banned(who.userId())) throw new ConfabException(ErrorCode.BANNED);
        Message event = tx.event(who.userId(), new RoomEvent.MemberJoined(who.userId(), via));
        tx.admit(who.userId(), Role.MEMBER, event.seq());
    }

    public void leave(Principal who, long roomId) {
        change(
                roomId,
                tx -> {
                    Member me = activeMember(tx, who);
                    if (tx.room().kind() == Room.Kind.DIRECT)
                        throw new ConfabException(
                                ErrorCode.FORBIDDEN, "A direct room cannot be left; block the user instead.");
                    if (me.role() == Role.OWNER
                            && tx.activeOwners() <= 1
                            && tx.room().memberCount() > 1) {
                        throw new ConfabException(ErrorCode.LAST_OWNER);
                    }
                    tx.dismiss(who.userId(), tx.event(who.userId(), new RoomEvent.MemberLeft(who.userId())));
                    return null;
                },
                who.userId());
    }

    public void remove(Principal who, long roomId, long userId) {
        change(
                roomId,
                tx -> {
                    Member me = activeMember(tx, who);
                    if (userId == who.userId()) throw ConfabException.invalid("to leave a room, use leave");
                    Member target = activeTarget(tx, userId);
                    Permissions.requireOver(tx.room(), me, target, Action.REMOVE);
                    tx.dismiss(userId, tx.event(who.userId(), new RoomEvent.MemberRemoved(userId)));
                    return null;
                },
                userId);
    }

    /** Bans a member (removing them) or a non-member (keeping them out). */
    public void ban(Principal who, long roomId, long userId) {
        if (store.existingUsers(List.of(userId)).isEmpty()) throw new ConfabException(ErrorCode.USER_NOT_FOUND);
        change(
                roomId,
                tx -> {
                    Member me = activeMember(tx, who);
                    if (userId == who.userId()) throw ConfabException.invalid("you cannot ban yourself");
                    Optional<Member> target = tx.member(userId).filter(Member::active);
                    if (target.isPresent()) Permissions.requireOver(tx.room(), me, target.get(), Action.BAN);
                    else Permissions.require(tx.room(), me, Action.BAN);
                    if (tx.banned(userId)) return null;
                    tx.ban(userId, who.userId());
                    Message event = tx.event(who.userId(), new RoomEvent.MemberBanned(userId));
                    if (target.isPresent()) tx.dismiss(userId, event);
                    return null;
                },
                userId);
    }

    public void unban(Principal who, long roomId, long userId) {
        change(roomId, tx -> {
            Permissions.require(tx.room(), activeMember(tx, who), Action.BAN);
            if (tx.unban(userId)) tx.event(who.userId(), new RoomEvent.MemberUnbanned(userId));
            return null;
        });
    }

    public List<RoomStore.Ban> bans(Principal who, long roomId) {
        Member me = activeMember(who, roomId);
        Permissions.require(room(roomId), me, Action.BAN);
        return store.bans(roomId);
    }

    public Member setRole(Principal who, long roomId, long userId, Role role) {
        if (role == null) throw ConfabException.invalid("role is required");
        return change(roomId, tx -> {
            Member me = activeMember(tx, who);
            Member target = activeTarget(tx, userId);
            if (target.role() == role) return target;
            Permissions.requireRoleChange(tx.room(), me, target, role, tx.activeOwners());
            tx.setRole(userId, role);
            tx.event(who.userId(), new RoomEvent.MemberRole(userId, role));
            return tx.member(userId).orElseThrow();
        });
    }

    /** A change to a room's info; null fields stay as they are. */
    public record InfoChange(String name, String description, Room.Visibility visibility, Room.History history) {}

    public Room update(Principal who, long roomId, InfoChange c) {
        String name = c.name() == null ? null : checkedName(c.name());
        String description = c.description() == null ? null : checkedDescription(c.description());
        change(roomId, tx -> {
            Permissions.require(tx.room(), activeMember(tx, who), Action.EDIT_INFO);
            Room r = tx.room();
            Room.Visibility visibility = c.visibility() == null ? r.visibility() : c.visibility();
            Room.History history = c.history() == null ? r.history() : c.history();
            String n = name == null ? r.name() : name;
            String d = description == null ? r.description() : description;
            RoomEvent.RoomUpdated changed = new RoomEvent.RoomUpdated(
                    n.equals(r.name()) ? null : n,
                    d.equals(r.description() == null ? "" : r.description()) ? null : d,
                    visibility == r.visibility() ? null : visibility,
                    history == r.history() ? null : history);
            if (changed.isEmpty()) return null;
            tx.updateInfo(n, d, visibility, history);
            tx.event(who.userId(), changed);
            return null;
        });
        return room(roomId);
    }

    public Invite createInvite(Principal who, long roomId, Duration lifetime, Integer maxUses) {
        if (lifetime != null
                && (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_INVITE_LIFETIME) > 0)) {
            throw ConfabException.invalid("expiresInSeconds must be between 1 and " + MAX_INVITE_LIFETIME.toSeconds());
        }
        if (maxUses != null && (maxUses < 1 || maxUses > MAX_INVITE_USES)) {
            throw ConfabException.invalid("maxUses must be between 1 and " + MAX_INVITE_USES);
        }
        limits.inviteCreation().acquire(who.userId());
        String code = newCode();
        return change(roomId, tx -> {
            Permissions.require(tx.room(), activeMember(tx, who), Action.MANAGE_INVITES);
            return tx.createInvite(
                    code, who.userId(), lifetime == null ? null : tx.now().plus(lifetime), maxUses);
        });
    }

    public List<Invite> invites(Principal who, long roomId) {
        Permissions.require(room(roomId), activeMember(who, roomId), Action.MANAGE_INVITES);
        return store.invites(roomId);
    }

    public void revokeInvite(Principal who, long roomId, String code) {
        change(roomId, tx -> {
            Permissions.require(tx.room(), activeMember(tx, who), Action.MANAGE_INVITES);
            if (!tx.revokeInvite(code)) throw new ConfabException(ErrorCode.INVITE_NOT_FOUND);
            return null;
        });
    }

    /** Deletes for everyone: one's own message, or anyone's with DELETE_OTHERS. System messages stay. */
    public void deleteMessage(Principal who, long roomId, long seq) {
        change(roomId, tx -> {
            Member me = activeMember(tx, who);
            Message m = visibleMessage(tx, me, seq);
            switch (m.body()) {
                case Body.Deleted d -> {
                    return null;
                }
                case RoomEvent e -> throw new ConfabException(ErrorCode.FORBIDDEN, "Room events cannot be deleted.");
                case Body.Text t -> {}
                case Body.Media media -> {}
            }
            if (m.senderId() != who.userId()) Permissions.require(tx.room(), me, Action.DELETE_OTHERS);
            tx.tombstone(seq);
            tx.event(who.userId(), new RoomEvent.MessageDeleted(seq, m.id()));
            return null;
        });
    }

    public void pin(Principal who, long roomId, long seq, boolean pinned) {
        change(roomId, tx -> {
            Member me = activeMember(tx, who);
            Permissions.require(tx.room(), me, Action.PIN);
            Message m = visibleMessage(tx, me, seq);
            if (!(m.body() instanceof Body.Text || m.body() instanceof Body.Media)) {
                throw ConfabException.invalid("only messages people posted can be pinned");
            }
            boolean changed = pinned ? tx.pin(seq, who.userId()) : tx.unpin(seq);
            if (changed)
                tx.event(who.userId(), pinned ? new RoomEvent.MessagePinned(seq) : new RoomEvent.MessageUnpinned(seq));
            return null;
        });
    }

    /** Whether the user is an active member whose role allows posting in the room. */
    public boolean mayPost(long roomId, long userId) {
        Optional<Member> me = store.findMember(roomId, userId).filter(Member::active);
        Optional<Room> room = me.isEmpty() ? Optional.empty() : store.findRoom(roomId);
        return room.isPresent()
                && Permissions.allows(room.get().kind(), me.get().role(), Action.POST);
    }

    public record Details(Room room, List<Member> members, List<Long> pinned) {}

    /**
     * A channel's readers are not listed to each other and see no one's cursors but their own; who
     * may see the readers sees everyone. A former member sees their window: the room as it was when
     * their membership ended (not a later rename), and that membership.
     */
    public Details details(Principal who, long roomId) {
        Member me =
                store.findMember(roomId, who.userId()).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        if (!me.active()) {
            Room asLeft = store.roomAsLeft(roomId, who.userId())
                    .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
            return new Details(asLeft, List.of(me), List.of());
        }
        Room room = room(roomId);
        List<Member> members = store.activeMembers(roomId).stream()
                .filter(m -> Permissions.lists(room.kind(), me, m))
                .map(m -> Permissions.seesCursors(room.kind(), me, m.userId()) ? m : m.withoutCursors())
                .toList();
        return new Details(room, members, store.pinnedSeqs(roomId));
    }

    public List<Room> directory(String query, int limit) {
        if (limit < 1 || limit > 100) throw ConfabException.invalid("limit must be 1-100");
        if (query != null && query.length() > MAX_NAME_CHARS)
            throw ConfabException.invalid("q is longer than a room name can be");
        return store.directory(query, limit);
    }

    // --- shared steps

    private <T> T change(long roomId, Function<RoomTx, T> change, long... alsoNotify) {
        RoomStore.Changed<T> c = store.change(roomId, clock.instant(), change)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        if (!c.events().isEmpty()) events.roomChanged(c.events(), alsoNotify);
        // after the events, so the audiences they reloaded decide who sees the cursors move
        for (Receipt r : c.receipts()) events.cursorMoved(r, 0);
        return c.result();
    }

    private Room room(long roomId) {
        return store.findRoom(roomId).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
    }

    private static Member activeMember(RoomTx tx, Principal who) {
        return tx.member(who.userId())
                .filter(Member::active)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
    }

    private Member activeMember(Principal who, long roomId) {
        return store.findMember(roomId, who.userId())
                .filter(Member::active)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
    }

    private static Member activeTarget(RoomTx tx, long userId) {
        return tx.member(userId)
                .filter(Member::active)
                .orElseThrow(() -> new ConfabException(ErrorCode.MEMBER_NOT_FOUND));
    }

    /** A message the member may see, by the same window as history. */
    private static Message visibleMessage(RoomTx tx, Member me, long seq) {
        long from = tx.room().history() == Room.History.JOINED ? me.joinedSeq() : 1;
        if (seq < from) throw new ConfabException(ErrorCode.MESSAGE_NOT_FOUND);
        return tx.message(seq).orElseThrow(() -> new ConfabException(ErrorCode.MESSAGE_NOT_FOUND));
    }

    private Invite usableInvite(String code, Instant now) {
        if (code == null || code.length() > 64) throw new ConfabException(ErrorCode.INVITE_NOT_FOUND);
        Invite invite = store.findInvite(code).orElseThrow(() -> new ConfabException(ErrorCode.INVITE_NOT_FOUND));
        checkUsable(invite, now);
        return invite;
    }

    private static void checkUsable(Invite invite, Instant now) {
        if (invite.revoked()) throw new ConfabException(ErrorCode.INVITE_NOT_FOUND);
        if (invite.expired(now)) throw new ConfabException(ErrorCode.INVITE_EXPIRED, "This invite link has expired.");
        if (invite.usedUp()) throw new ConfabException(ErrorCode.INVITE_EXPIRED, "This invite link has no uses left.");
    }

    /** 128 random bits, URL-safe: unguessable, so a link is as private as the people it is shared with. */
    private String newCode() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String checkedName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME_CHARS || n.chars().anyMatch(Character::isISOControl)) {
            throw ConfabException.invalid(
                    "name must be 1-" + MAX_NAME_CHARS + " characters without control characters");
        }
        return n;
    }

    private static String checkedDescription(String description) {
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION_CHARS)
            throw ConfabException.invalid("description must be at most " + MAX_DESCRIPTION_CHARS + " characters");
        return d;
    }

    private Set<Long> checkedUsers(List<Long> ids) {
        if (ids.size() > MAX_MEMBERS_PER_CALL)
            throw ConfabException.invalid("at most " + MAX_MEMBERS_PER_CALL + " users per call");
        Set<Long> unique = new LinkedHashSet<>(ids);
        Set<Long> found = store.existingUsers(unique);
        for (Long id : unique) {
            if (!found.contains(id)) throw new ConfabException(ErrorCode.USER_NOT_FOUND, "No user with id " + id + ".");
        }
        return unique;
    }
}
