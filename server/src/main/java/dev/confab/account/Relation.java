package dev.confab.account;

/**
 * How a viewer stands to the owner of a profile: the facts privacy decisions are made from.
 *
 * @param self           the viewer is the owner
 * @param sharesRoom     both are active members of some room, direct or group
 * @param blockedByOwner the owner has blocked the viewer
 */
public record Relation(boolean self, boolean sharesRoom, boolean blockedByOwner) {
    public static final Relation SELF = new Relation(true, true, false);

    public static Relation of(long ownerId, long viewerId, boolean sharesRoom, boolean blockedByOwner) {
        return ownerId == viewerId ? SELF : new Relation(false, sharesRoom, blockedByOwner);
    }
}
