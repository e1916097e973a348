package dev.confab.notify;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reading and changing a user's notification levels. A change is announced to all of the user's
 * connected devices, so a second device shows the same settings without asking.
 */
public final class NotificationSettings {
    /** Muting further ahead than this is "forever": use level none instead. */
    private static final Duration MAX_MUTE = Duration.ofDays(366);

    private final NotificationStore store;
    private final Clock clock;
    private final Listener listener;

    /** Told of every change, to push it to the user's devices. */
    @FunctionalInterface
    public interface Listener {
        void changed(long userId, Snapshot snapshot);
    }

    public NotificationSettings(NotificationStore store, Clock clock, Listener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /** Everything a device needs to decide about a notification itself. */
    public record Snapshot(Level level, boolean previews, List<NotificationStore.RoomSetting> rooms) {}

    public Snapshot get(Principal who) {
        NotificationStore.AccountSettings a = store.account(who.userId());
        return new Snapshot(a.level(), a.previews(), store.rooms(who.userId()));
    }

    /** Null arguments leave the setting as it is. */
    public Snapshot updateAccount(Principal who, String level, Boolean previews) {
        NotificationStore.AccountSettings a = store.account(who.userId());
        Level l = level == null ? a.level() : Level.fromWire(level);
        store.updateAccount(who.userId(), l, previews == null ? a.previews() : previews);
        Snapshot s = get(who);
        listener.changed(who.userId(), s);
        return s;
    }

    /** {@code level} null follows the account default; {@code mutedUntil} null or past unmutes. */
    public NotificationStore.RoomSetting updateRoom(Principal who, long roomId, String level, Instant mutedUntil) {
        Level l = level == null ? null : Level.fromWire(level);
        Instant now = clock.instant();
        if (mutedUntil != null && mutedUntil.isAfter(now.plus(MAX_MUTE))) {
            throw ConfabException.invalid(
                    "mutedUntil must be within a year; use level none to silence a room for good");
        }
        Instant until = mutedUntil == null || !mutedUntil.isAfter(now)
                ? null
                : mutedUntil.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        NotificationStore.RoomSetting s = store.updateRoom(who.userId(), roomId, l, until)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        listener.changed(who.userId(), get(who));
        return s;
    }
}
