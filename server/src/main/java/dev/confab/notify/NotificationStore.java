package dev.confab.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where notification settings are kept. */
public interface NotificationStore {
    AccountSettings account(long userId);

    void updateAccount(long userId, Level level, boolean previews);

    /** The rooms whose setting differs from "follow the default, not muted", for active memberships. */
    List<RoomSetting> rooms(long userId);

    /** Empty when the user is not an active member of the room. */
    Optional<RoomSetting> updateRoom(long userId, long roomId, Level level, Instant mutedUntil);

    record AccountSettings(Level level, boolean previews) {}

    /** {@code level} null: the account default; {@code mutedUntil} null: not muted. */
    record RoomSetting(long roomId, Level level, Instant mutedUntil) {}
}
