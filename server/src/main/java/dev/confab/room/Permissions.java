package dev.confab.room;

import static dev.confab.room.Action.BAN;
import static dev.confab.room.Action.CHANGE_ROLES;
import static dev.confab.room.Action.DELETE_OTHERS;
import static dev.confab.room.Action.EDIT_INFO;
import static dev.confab.room.Action.INVITE;
import static dev.confab.room.Action.MANAGE_INVITES;
import static dev.confab.room.Action.PIN;
import static dev.confab.room.Action.POST;
import static dev.confab.room.Action.REMOVE;
import static dev.confab.room.Action.SEE_READERS;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The permission matrix (docs/permissions.md is its written form, and a test walks every cell).
 * Acting on another member also needs a higher rank than theirs, so an admin can never touch an owner.
 */
public final class Permissions {
    private Permissions() {}

    private static final Map<Role, Set<Action>> GROUP = Map.of(
            Role.OWNER, EnumSet.allOf(Action.class),
            Role.ADMIN, EnumSet.allOf(Action.class),
            Role.MODERATOR, EnumSet.of(POST, INVITE, REMOVE, DELETE_OTHERS, PIN, SEE_READERS),
            Role.MEMBER, EnumSet.of(POST, SEE_READERS),
            Role.READONLY, EnumSet.of(SEE_READERS));

    /** Channels: only owners and admins post and see the readers; the readers are members. */
    private static final Map<Role, Set<Action>> CHANNEL = Map.of(
            Role.OWNER, EnumSet.allOf(Action.class),
            Role.ADMIN, EnumSet.allOf(Action.class),
            Role.MODERATOR, EnumSet.of(INVITE, REMOVE, DELETE_OTHERS, PIN),
            Role.MEMBER, EnumSet.noneOf(Action.class),
            Role.READONLY, EnumSet.noneOf(Action.class));

    /** Direct rooms have two equal members and nothing to administer. */
    private static final Set<Action> DIRECT = EnumSet.of(POST, PIN, SEE_READERS);

    public static boolean allows(Room.Kind kind, Role role, Action action) {
        return switch (kind) {
            case DIRECT -> DIRECT.contains(action);
            case GROUP -> GROUP.get(role).contains(action);
            case CHANNEL -> CHANNEL.get(role).contains(action);
        };
    }

    /**
     * Whether {@code viewer} sees {@code subject} among the room's members: themselves, and everyone
     * when they may see the readers; otherwise (a channel's readers) only those who run the room.
     */
    public static boolean lists(Room.Kind kind, Member viewer, Member subject) {
        return viewer.userId() == subject.userId()
                || allows(kind, viewer.role(), SEE_READERS)
                || allows(kind, subject.role(), SEE_READERS);
    }

    /** Whether {@code viewer} sees {@code subject}'s cursors: their own, and everyone's when they may see the readers. */
    public static boolean seesCursors(Room.Kind kind, Member viewer, long subjectId) {
        return viewer.userId() == subjectId || allows(kind, viewer.role(), SEE_READERS);
    }

    public static void require(Room room, Member actor, Action action) {
        if (!allows(room.kind(), actor.role(), action)) {
            throw new ConfabException(
                    ErrorCode.FORBIDDEN,
                    "Your role (" + actor.role().wire() + ") may not " + describe(action) + " here.");
        }
    }

    /** Remove and ban: the action must be allowed, and the target must rank below the actor. */
    public static void requireOver(Room room, Member actor, Member target, Action action) {
        require(room, actor, action);
        if (!actor.role().outranks(target.role())) {
            throw new ConfabException(
                    ErrorCode.FORBIDDEN, "You can only " + describe(action) + " members below your own role.");
        }
    }

    /**
     * Changing a role: allowed to change roles, outranking the target, and not granting a role
     * as high as one's own, except that owners may make co-owners. An owner may step down to a
     * lower role while another owner remains.
     */
    public static void requireRoleChange(Room room, Member actor, Member target, Role to, int owners) {
        require(room, actor, CHANGE_ROLES);
        if (actor.userId() == target.userId()) {
            if (actor.role() != Role.OWNER || to == Role.OWNER) {
                throw new ConfabException(ErrorCode.FORBIDDEN, "You cannot change your own role.");
            }
            if (owners <= 1)
                throw new ConfabException(ErrorCode.LAST_OWNER, "Make someone else an owner before stepping down.");
            return;
        }
        if (!actor.role().outranks(target.role())) {
            throw new ConfabException(
                    ErrorCode.FORBIDDEN, "You can only change the role of members below your own role.");
        }
        if (!actor.role().outranks(to) && actor.role() != Role.OWNER) {
            throw new ConfabException(ErrorCode.FORBIDDEN, "You can only grant roles below your own.");
        }
    }

    private static String describe(Action action) {
        return switch (action) {
            case POST -> "post";
            case INVITE -> "add members";
            case REMOVE -> "remove members";
            case BAN -> "ban members";
            case EDIT_INFO -> "edit the room's info";
            case CHANGE_ROLES -> "change roles";
            case DELETE_OTHERS -> "delete others' messages";
            case PIN -> "pin messages";
            case MANAGE_INVITES -> "manage invite links";
            case SEE_READERS -> "see the readers";
        };
    }
}
