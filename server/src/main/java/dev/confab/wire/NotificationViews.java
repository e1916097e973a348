package dev.confab.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confab.notify.NotificationSettings;
import dev.confab.notify.NotificationStore;
import dev.confab.push.PushTarget;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** Notification settings and push targets as REST and socket frames show them (docs/notifications.md). */
public final class NotificationViews {
    private NotificationViews() {}

    /** {@code level} absent: the room follows the account default; {@code mutedUntil} absent: not muted. */
    public record RoomSetting(long roomId, String level, Instant mutedUntil) {
        public static RoomSetting of(NotificationStore.RoomSetting s) {
            return new RoomSetting(
                    s.roomId(), s.level() == null ? null : s.level().wire(), s.mutedUntil());
        }
    }

    public record Settings(String level, boolean previews, List<RoomSetting> rooms) {
        public static Settings of(NotificationSettings.Snapshot s) {
            return new Settings(
                    s.level().wire(),
                    s.previews(),
                    s.rooms().stream().map(RoomSetting::of).toList());
        }
    }

    /** Sent to all of a user's devices when their settings change anywhere. */
    @JsonPropertyOrder({"type"})
    public record Changed(String type, Settings settings) {
        public Changed(Settings settings) {
            this("notifications", settings);
        }
    }

    /**
     * A push target without its secrets: a Web Push endpoint is a capability URL, so only its host
     * is shown; a gateway device shows its app and pushkey, which its own app chose.
     */
    public record Target(
            long id, String kind, long sessionId, boolean current, String service, String appId, String pushkey) {
        public static Target of(PushTarget t, long currentSession) {
            boolean web = t.kind() == PushTarget.Kind.WEBPUSH;
            return new Target(
                    t.id(),
                    t.kind().wire(),
                    t.sessionId(),
                    t.sessionId() == currentSession,
                    web ? URI.create(t.address()).getHost() : null,
                    web ? null : t.appId(),
                    web ? null : t.address());
        }
    }
}
