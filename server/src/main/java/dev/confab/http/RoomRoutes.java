package dev.confab.http;

import static dev.confab.http.RestApi.body;
import static dev.confab.http.RestApi.pathId;
import static dev.confab.http.RestApi.queryInt;
import static dev.confab.http.RestApi.who;

import dev.confab.error.ConfabException;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.room.Rooms;
import dev.confab.wire.Fields;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Groups and channels: creation, info, membership, roles, bans, invite links, pins, deletion, the directory. */
final class RoomRoutes {
    private final Rooms rooms;

    RoomRoutes(Rooms rooms) {
        this.rooms = rooms;
    }

    void register(RestApi.Sink r) {
        r.add("POST", "/rooms", ctx -> {
            Fields f = body(ctx);
            ctx.status(201)
                    .json(rooms.createGroup(
                            who(ctx),
                            new Rooms.GroupSpec(
                                    f.requiredString("name"),
                                    f.optionalString("description"),
                                    f.optionalLongList("memberIds", Rooms.MAX_MEMBERS_PER_CALL),
                                    wire(f, "kind", Room.Kind::fromWire),
                                    wire(f, "visibility", Room.Visibility::fromWire),
                                    wire(f, "history", Room.History::fromWire))));
        });
        r.add("GET", "/rooms/{id}", ctx -> ctx.json(rooms.details(who(ctx), pathId(ctx, "id"))));
        r.add("PATCH", "/rooms/{id}", ctx -> {
            Fields f = body(ctx);
            ctx.json(rooms.update(
                    who(ctx),
                    pathId(ctx, "id"),
                    new Rooms.InfoChange(
                            f.optionalString("name"),
                            f.optionalString("description"),
                            wire(f, "visibility", Room.Visibility::fromWire),
                            wire(f, "history", Room.History::fromWire))));
        });
        r.add(
                "GET",
                "/directory",
                ctx -> ctx.json(Map.of("rooms", rooms.directory(ctx.queryParam("q"), queryInt(ctx, "limit", 20)))));
        r.add("POST", "/rooms/{id}/join", ctx -> ctx.json(rooms.join(who(ctx), pathId(ctx, "id"))));
        r.add("POST", "/rooms/{id}/leave", ctx -> {
            rooms.leave(who(ctx), pathId(ctx, "id"));
            ctx.status(204);
        });

        r.add("POST", "/rooms/{id}/members", ctx -> {
            Rooms.AddResult added = rooms.addMembers(
                    who(ctx), pathId(ctx, "id"), body(ctx).optionalLongList("userIds", Rooms.MAX_MEMBERS_PER_CALL));
            ctx.json(Map.of("room", added.room(), "added", added.added()));
        });
        r.add(
                "PATCH",
                "/rooms/{id}/members/{userId}",
                ctx -> ctx.json(rooms.setRole(
                        who(ctx), pathId(ctx, "id"), pathId(ctx, "userId"), wire(body(ctx), "role", Role::fromWire))));
        r.add("DELETE", "/rooms/{id}/members/{userId}", ctx -> {
            rooms.remove(who(ctx), pathId(ctx, "id"), pathId(ctx, "userId"));
            ctx.status(204);
        });

        r.add("GET", "/rooms/{id}/bans", ctx -> ctx.json(Map.of("bans", rooms.bans(who(ctx), pathId(ctx, "id")))));
        r.add("POST", "/rooms/{id}/bans", ctx -> {
            rooms.ban(who(ctx), pathId(ctx, "id"), body(ctx).requiredLong("userId"));
            ctx.status(204);
        });
        r.add("DELETE", "/rooms/{id}/bans/{userId}", ctx -> {
            rooms.unban(who(ctx), pathId(ctx, "id"), pathId(ctx, "userId"));
            ctx.status(204);
        });

        r.add(
                "GET",
                "/rooms/{id}/invites",
                ctx -> ctx.json(Map.of("invites", rooms.invites(who(ctx), pathId(ctx, "id")))));
        r.add("POST", "/rooms/{id}/invites", ctx -> {
            Fields f = body(ctx);
            Long seconds = f.optionalLong("expiresInSeconds");
            Long maxUses = f.optionalLong("maxUses");
            // out-of-range values are clamped just past the limits so that Rooms refuses them with its message
            ctx.status(201)
                    .json(rooms.createInvite(
                            who(ctx),
                            pathId(ctx, "id"),
                            seconds == null
                                    ? null
                                    : Duration.ofSeconds(
                                            Math.max(0, Math.min(seconds, Rooms.MAX_INVITE_LIFETIME.toSeconds() + 1))),
                            maxUses == null ? null : (int) Math.max(0, Math.min(maxUses, Rooms.MAX_INVITE_USES + 1L))));
        });
        r.add("DELETE", "/rooms/{id}/invites/{code}", ctx -> {
            rooms.revokeInvite(who(ctx), pathId(ctx, "id"), ctx.pathParam("code"));
            ctx.status(204);
        });
        r.add("GET", "/invites/{code}", ctx -> ctx.json(rooms.previewInvite(who(ctx), ctx.pathParam("code"))));
        r.add("POST", "/invites/{code}/join", ctx -> ctx.json(rooms.joinByInvite(who(ctx), ctx.pathParam("code"))));

        r.add("DELETE", "/rooms/{id}/messages/{seq}", ctx -> {
            rooms.deleteMessage(who(ctx), pathId(ctx, "id"), pathId(ctx, "seq"));
            ctx.status(204);
        });
        r.add("POST", "/rooms/{id}/pins", ctx -> {
            rooms.pin(who(ctx), pathId(ctx, "id"), body(ctx).requiredLong("seq"), true);
            ctx.status(204);
        });
        r.add("DELETE", "/rooms/{id}/pins/{seq}", ctx -> {
            rooms.pin(who(ctx), pathId(ctx, "id"), pathId(ctx, "seq"), false);
            ctx.status(204);
        });
    }

    /** A lower-case enum field; an unknown value is INVALID_FIELD naming the field. */
    private static <E> E wire(Fields f, String name, Function<String, E> parse) {
        String v = f.optionalString(name);
        if (v == null) return null;
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw ConfabException.invalid(
                    name + " has no value '" + (v.length() > 20 ? v.substring(0, 20) + "..." : v) + "'");
        }
    }
}
