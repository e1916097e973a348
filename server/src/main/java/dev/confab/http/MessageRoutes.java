package dev.confab.http;

import static dev.confab.http.RestApi.await;
import static dev.confab.http.RestApi.body;
import static dev.confab.http.RestApi.pathId;
import static dev.confab.http.RestApi.queryInt;
import static dev.confab.http.RestApi.queryLong;
import static dev.confab.http.RestApi.who;

import dev.confab.message.MessageChange;
import dev.confab.message.Messaging;
import dev.confab.message.Outcome;
import dev.confab.search.Search;
import dev.confab.wire.SearchView;
import io.javalin.http.Context;
import java.util.Map;

/** Edits, reactions and search (MSG-5, MSG-6, MSG-7). Replies and forwards are posts: POST /rooms/{id}/messages. */
final class MessageRoutes {
    private final Messaging messaging;
    private final Search search;

    MessageRoutes(Messaging messaging, Search search) {
        this.messaging = messaging;
        this.search = search;
    }

    /** The answer to adding or removing a reaction: whether anything changed, and the change. */
    record ReactionAnswer(boolean changed, MessageChange.Reacted reaction) {}

    void register(RestApi.Sink r) {
        r.add("PATCH", "/rooms/{id}/messages/{seq}", ctx -> {
            Outcome.Changed c = await(messaging.edit(
                    who(ctx), pathId(ctx, "id"), pathId(ctx, "seq"), body(ctx).requiredString("text"), 0));
            ctx.json(c.message());
        });
        r.add(
                "GET",
                "/rooms/{id}/messages/{seq}/reactions",
                ctx -> ctx.json(
                        Map.of("reactions", messaging.reactions(who(ctx), pathId(ctx, "id"), pathId(ctx, "seq")))));
        r.add("PUT", "/rooms/{id}/messages/{seq}/reactions/{emoji}", ctx -> react(ctx, true));
        r.add("DELETE", "/rooms/{id}/messages/{seq}/reactions/{emoji}", ctx -> react(ctx, false));
        r.add("GET", "/reactions", ctx -> ctx.json(Map.of("emoji", messaging.allowedEmoji())));
        r.add(
                "GET",
                "/search",
                ctx -> ctx.json(SearchView.of(search.search(
                        who(ctx),
                        ctx.queryParam("q"),
                        queryLong(ctx, "roomId"),
                        ctx.queryParam("order"),
                        ctx.queryParam("match"),
                        queryInt(ctx, "limit", Search.DEFAULT_LIMIT),
                        ctx.queryParam("cursor")))));
    }

    private void react(Context ctx, boolean add) {
        Outcome.Changed c =
                await(messaging.react(who(ctx), pathId(ctx, "id"), pathId(ctx, "seq"), ctx.pathParam("emoji"), add, 0));
        ctx.json(new ReactionAnswer(c.change() != null, (MessageChange.Reacted) c.change()));
    }
}
