package dev.confab.notify;

/**
 * Whether one message notifies one recipient. Constant time: everything it needs is on the
 * recipient's member and user rows, read once per room, and in the message itself.
 */
public final class Decision {
    private Decision() {}

    /**
     * @param roomLevel      the member's level for the room, null to follow {@code accountLevel}
     * @param mutedUntilMs   epoch ms until which the room is muted, null when not muted
     * @param mentioned      the message mentions the recipient
     */
    public static boolean notifies(
            Level roomLevel, Long mutedUntilMs, Level accountLevel, boolean mentioned, long nowMs) {
        if (mutedUntilMs != null && mutedUntilMs > nowMs) return false;
        Level level = roomLevel != null ? roomLevel : accountLevel;
        return switch (level) {
            case ALL -> true;
            case MENTIONS -> mentioned;
            case NONE -> false;
        };
    }
}
