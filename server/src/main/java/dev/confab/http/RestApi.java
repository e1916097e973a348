package dev.confab.http;

import dev.confab.account.Accounts;
import dev.confab.account.Principal;
import dev.confab.account.Session;
import dev.confab.account.SessionTokens;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.inbox.Inbox;
import dev.confab.limit.ClientAddress;
import dev.confab.message.HistoryQuery;
import dev.confab.message.Messaging;
import dev.confab.message.Outcome;
import dev.confab.room.Rooms;
import dev.confab.search.Search;
import dev.confab.wire.Fields;
import dev.confab.wire.Frames;
import dev.confab.wire.Utf8;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** REST routes under /api/v1 (docs/openapi.yaml). Every handler authenticates, validates, then calls a domain service. */
public final class RestApi {
    private static final String PREFIX = "/api/v1";
    private static final String PRINCIPAL = "confab.principal";

    public record Route(String method, String path) {}

    private final Accounts accounts;
    private final Rooms rooms;
    private final Messaging messaging;
    private final Inbox inbox;
    private final ProfileRoutes profiles;
    private final NotificationRoutes notifications;
    private final PairingRoutes pairing;
    private final Search search;
    private final MediaRoutes media;
    private final List<Route> routes = new ArrayList<>();

    public RestApi(
            Accounts accounts,
            Rooms rooms,
            Messaging messaging,
            Inbox inbox,
            Search search,
            ProfileRoutes profiles,
            NotificationRoutes notifications,
            PairingRoutes pairing,
            MediaRoutes media) {
        this.notifications = notifications;
        this.pairing = pairing;
        this.search = search;
        this.profiles = profiles;
        this.media = media;
        this.accounts = accounts;
        this.rooms = rooms;
        this.messaging = messaging;
        this.inbox = inbox;
    }

    /** Every route this API registered, for the test that keeps openapi.yaml honest. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public record SessionView(long id, String device, Instant createdAt, Instant lastUsedAt, boolean current) {}

    public void register(RoutesConfig r) {
        r.before(PREFIX + "/*", ctx -> {
            String path = ctx.path();
            if (path.equals(PREFIX + "/auth/signup") || path.equals(PREFIX + "/auth/login")) return;
            ctx.attribute(
                    PRINCIPAL, accounts.authenticate(SessionTokens.fromAuthorization(ctx.header("Authorization"))));
        });

        route(r, "POST", "/auth/signup", ctx -> {
            Fields f = body(ctx);
            var in = accounts.signup(
                    f.requiredString("username"),
                    f.requiredString("password"),
                    f.optionalString("displayName"),
                    f.optionalString("device"),
                    ClientAddress.key(ctx.ip()));
            ctx.status(201).json(signedIn(in));
        });
        route(r, "POST", "/auth/login", ctx -> {
            Fields f = body(ctx);
            ctx.json(signedIn(accounts.login(
                    f.requiredString("username"),
                    f.requiredString("password"),
                    f.optionalString("device"),
                    ClientAddress.key(ctx.ip()))));
        });
        route(r, "POST", "/auth/logout", ctx -> {
            accounts.logout(who(ctx));
            ctx.status(204);
        });
        route(r, "GET", "/sessions", ctx -> {
            Principal who = who(ctx);
            List<SessionView> views = accounts.sessions(who).stream()
                    .map(s -> view(s, who.sessionId()))
                    .toList();
            ctx.json(Map.of("sessions", views));
        });
        route(r, "DELETE", "/sessions/{id}", ctx -> {
            accounts.revoke(who(ctx), pathId(ctx, "id"));
            ctx.status(204);
        });
        // /me, /users, avatars, privacy and blocks
        profiles.register((method, path, handler) -> route(r, method, path, handler));
        // uploads and downloads of media (issue 9)
        media.register((method, path, handler) -> route(r, method, path, handler));

        route(r, "POST", "/rooms/direct", ctx -> {
            Rooms.Opened opened = rooms.direct(who(ctx), body(ctx).requiredLong("userId"));
            ctx.status(opened.created() ? 201 : 200).json(opened.room());
        });
        route(r, "GET", "/rooms", ctx -> ctx.json(inbox.chatList(who(ctx), queryInt(ctx, "limit", 50))));
        route(r, "GET", "/rooms/{id}/messages", ctx -> {
            HistoryQuery q = new HistoryQuery(
                    queryLong(ctx, "before"),
                    queryLong(ctx, "after"),
                    queryInt(ctx, "limit", HistoryQuery.DEFAULT_LIMIT));
            ctx.json(Frames.HistoryBody.of(messaging.history(who(ctx), pathId(ctx, "id"), q)));
        });
        route(r, "POST", "/rooms/{id}/messages", ctx -> {
            Fields f = body(ctx);
            Fields forward = f.optionalObject("forward");
            Long mediaId = f.optionalLong("mediaId");
            long roomId = pathId(ctx, "id");
            Outcome.Posted posted = await(
                    forward != null
                            ? messaging.forward(
                                    who(ctx),
                                    roomId,
                                    f.requiredString("clientId"),
                                    forward.requiredLong("roomId"),
                                    forward.requiredLong("seq"),
                                    0)
                            : mediaId != null
                                    ? messaging.sendMedia(
                                            who(ctx),
                                            roomId,
                                            f.requiredString("clientId"),
                                            mediaId,
                                            f.optionalString("text"),
                                            0)
                                    : messaging.send(
                                            who(ctx),
                                            roomId,
                                            f.requiredString("clientId"),
                                            f.requiredString("text"),
                                            f.optionalLong("replyTo"),
                                            0));
            ctx.status(posted.duplicate() ? 200 : 201).json(posted.message());
        });
        route(
                r,
                "POST",
                "/rooms/{id}/received",
                ctx -> ctx.json(await(messaging.received(
                        who(ctx), pathId(ctx, "id"), body(ctx).requiredLong("seq")))));
        route(r, "POST", "/rooms/{id}/read", ctx -> {
            Fields f = body(ctx);
            Long seq = f.optionalLong("seq");
            long roomId = pathId(ctx, "id");
            if (seq != null) ctx.json(await(messaging.read(who(ctx), roomId, seq)));
            else ctx.json(await(messaging.readIds(who(ctx), roomId, f.optionalLongList("messageIds", 1000))));
        });
        route(
                r,
                "GET",
                "/rooms/{id}/messages/{seq}/receipts",
                ctx -> ctx.json(messaging.receipts(who(ctx), pathId(ctx, "id"), pathId(ctx, "seq"))));
        route(r, "GET", "/unread", ctx -> ctx.json(inbox.unread(who(ctx))));
        // edits, reactions and search (issue 10)
        new MessageRoutes(messaging, search).register((method, path, handler) -> route(r, method, path, handler));
        new RoomRoutes(rooms).register((method, path, handler) -> route(r, method, path, handler));
        notifications.register((method, path, handler) -> route(r, method, path, handler));
        pairing.register((method, path, handler) -> route(r, method, path, handler));
        route(r, "GET", "/sync", ctx -> {
            long since = queryLong(ctx, "since") == null ? 0 : queryLong(ctx, "since");
            ctx.json(Frames.SyncBody.of(inbox.sync(who(ctx), since, queryInt(ctx, "limit", Inbox.DEFAULT_SYNC_BATCH))));
        });
    }

    /** Where route groups kept in their own classes add their routes. */
    interface Sink {
        void add(String method, String path, Handler handler);
    }

    private void route(RoutesConfig r, String method, String path, Handler handler) {
        routes.add(new Route(method, PREFIX + path));
        switch (method) {
            case "GET" -> r.get(PREFIX + path, handler);
            case "POST" -> r.post(PREFIX + path, handler);
            case "PATCH" -> r.patch(PREFIX + path, handler);
            case "PUT" -> r.put(PREFIX + path, handler);
            case "DELETE" -> r.delete(PREFIX + path, handler);
            default -> throw new IllegalArgumentException(method);
        }
    }

    private static Map<String, Object> signedIn(Accounts.SignedIn in) {
        return Map.of(
                "token", in.token(), "session", view(in.session(), in.session().id()), "user", in.user());
    }

    private static SessionView view(Session s, long current) {
        return new SessionView(s.id(), s.device(), s.createdAt(), s.lastUsedAt(), s.id() == current);
    }

    static Principal who(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new ConfabException(ErrorCode.UNAUTHENTICATED);
        return p;
    }

    static Fields body(Context ctx) {
        return Fields.of(Utf8.decode(ctx.bodyAsBytes()));
    }

    /** Ids are written in ASCII digits only: Long.parseLong would also take "+4" and other scripts' digits. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9]{1,19}");

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]{1,19}");

    static long pathId(Context ctx, String name) {
        return parse(ctx.pathParam(name), ID, name);
    }

    static Long queryLong(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        return parse(v, INTEGER, name);
    }

    private static long parse(String text, java.util.regex.Pattern form, String name) {
        try {
            if (form.matcher(text).matches()) return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // out of range: refused below like any other non-integer
        }
        throw ConfabException.invalid(name + " must be an integer written in ASCII digits");
    }

    static int queryInt(Context ctx, String name, int fallback) {
        Long v = queryLong(ctx, name);
        if (v == null) return fallback;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw ConfabException.invalid(name + " is out of range");
        return v.intValue();
    }

    /** REST handlers run on virtual threads, so waiting for the commit is cheap. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }
}
