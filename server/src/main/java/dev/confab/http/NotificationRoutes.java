package dev.confab.http;

import static dev.confab.http.RestApi.body;
import static dev.confab.http.RestApi.pathId;
import static dev.confab.http.RestApi.who;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.notify.NotificationSettings;
import dev.confab.push.PushTargets;
import dev.confab.wire.Fields;
import dev.confab.wire.Json;
import dev.confab.wire.NotificationViews;
import dev.confab.wire.Utf8;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Notification levels, Web Push subscriptions and push-gateway devices (docs/notifications.md). */
public final class NotificationRoutes {
    private final NotificationSettings settings;
    private final PushTargets push;

    public NotificationRoutes(NotificationSettings settings, PushTargets push) {
        this.settings = settings;
        this.push = push;
    }

    void register(RestApi.Sink r) {
        r.add("GET", "/notifications", ctx -> ctx.json(NotificationViews.Settings.of(settings.get(who(ctx)))));
        r.add("PATCH", "/notifications", ctx -> {
            Fields f = body(ctx);
            ctx.json(NotificationViews.Settings.of(
                    settings.updateAccount(who(ctx), f.optionalString("level"), f.optionalBoolean("previews"))));
        });
        r.add("PUT", "/rooms/{id}/notifications", ctx -> {
            Fields f = body(ctx);
            String until = f.optionalString("mutedUntil");
            Instant mutedUntil;
            try {
                mutedUntil = until == null ? null : Instant.parse(until);
            } catch (DateTimeParseException e) {
                throw ConfabException.invalid("mutedUntil must be an ISO-8601 instant such as 2026-12-01T08:00:00Z");
            }
            ctx.json(NotificationViews.RoomSetting.of(
                    settings.updateRoom(who(ctx), pathId(ctx, "id"), f.optionalString("level"), mutedUntil)));
        });

        r.add("GET", "/push/vapid-key", ctx -> ctx.json(Map.of("publicKey", push.vapidPublicKey())));
        r.add("POST", "/push/subscriptions", ctx -> {
            JsonNode b = Json.readObject(Utf8.decode(ctx.bodyAsBytes()));
            Fields f = new Fields(b);
            JsonNode keys = b.path("keys");
            if (!keys.isObject()) throw ConfabException.invalid("keys with p256dh and auth is required");
            Fields k = new Fields(keys);
            Principal who = who(ctx);
            var t = push.subscribe(
                    who, f.requiredString("endpoint"), k.requiredString("p256dh"), k.requiredString("auth"));
            ctx.status(201).json(NotificationViews.Target.of(t, who.sessionId()));
        });
        r.add("POST", "/push/devices", ctx -> {
            JsonNode b = Json.readObject(Utf8.decode(ctx.bodyAsBytes()));
            Fields f = new Fields(b);
            JsonNode data = b.get("data");
            if (data != null && !data.isNull() && !data.isObject())
                throw ConfabException.invalid("data must be a JSON object");
            Principal who = who(ctx);
            var t = push.registerDevice(
                    who,
                    f.requiredString("appId"),
                    f.requiredString("pushkey"),
                    data == null || data.isNull() ? null : Json.write(data));
            ctx.status(201).json(NotificationViews.Target.of(t, who.sessionId()));
        });
        r.add("GET", "/push/targets", ctx -> {
            Principal who = who(ctx);
            ctx.json(Map.of(
                    "targets",
                    push.list(who).stream()
                            .map(t -> NotificationViews.Target.of(t, who.sessionId()))
                            .toList()));
        });
        r.add("DELETE", "/push/targets/{id}", ctx -> {
            push.remove(who(ctx), pathId(ctx, "id"));
            ctx.status(204);
        });
    }
}
