package dev.confab.room;

import dev.confab.message.Message;
import dev.confab.message.RoomEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * One room as a single writing transaction sees it. {@link Rooms} runs its rules against this
 * view, so a check and the change it allows cannot be split by a concurrent change: every
 * writer holds the stream lock for the whole transaction.
 */
public interface RoomTx {
    Room room();

    Instant now();

    /** The user's membership, active or former. */
    Optional<Member> member(long userId);

    int activeOwners();

    boolean banned(long userId);

    /** Appends a system message to the room's sequence; it is published once the transaction commits. */
    Message event(long actorId, RoomEvent event);

    /** Makes the user an active member from {@code seq} on (a new member, or a former one returning). */
    void admit(long userId, Role role, long seq);

    /** Ends an active membership at {@code event}: the user keeps everything up to it and nothing after. */
    void dismiss(long userId, Message event);

    void setRole(long userId, Role role);

    void ban(long userId, long actorId);

    /** False when the user was not banned. */
    boolean unban(long userId);

    void updateInfo(String name, String description, Room.Visibility visibility, Room.History history);

    Invite createInvite(String code, long actorId, Instant expiresAt, Integer maxUses);

    Optional<Invite> invite(String code);

    void countInviteUse(long inviteId);

    /** False when there was no such unrevoked invite. */
    boolean revokeInvite(String code);

    Optional<Message> message(long seq);

    /** Replaces the message's content with a tombstone; its id, seq, sender and time remain. */
    void tombstone(long seq);

    /** False when already pinned. */
    boolean pin(long seq, long actorId);

    /** False when it was not pinned. */
    boolean unpin(long seq);
}
