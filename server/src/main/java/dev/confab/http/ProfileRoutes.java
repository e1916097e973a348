package dev.confab.http;

import dev.confab.account.Audience;
import dev.confab.account.Blocks;
import dev.confab.account.PrivacySettings;
import dev.confab.account.Profiles;
import dev.confab.wire.Fields;
import dev.confab.wire.UserView;
import java.io.InputStream;
import java.util.Map;

/** Profile, avatar, privacy and block routes (docs/openapi.yaml), registered through {@link RestApi}. */
public final class ProfileRoutes {
    private final Profiles profiles;
    private final Blocks blocks;

    public ProfileRoutes(Profiles profiles, Blocks blocks) {
        this.profiles = profiles;
        this.blocks = blocks;
    }

    /** Privacy settings on the wire. */
    public record PrivacyView(String avatar, String about, String lastSeen) {
        static PrivacyView of(PrivacySettings s) {
            return new PrivacyView(
                    s.avatar().wire(), s.about().wire(), s.lastSeen().wire());
        }
    }

    void register(RestApi.Sink r) {
        r.add(
                "GET",
                "/me",
                ctx -> ctx.json(UserView.of(
                        profiles.view(RestApi.who(ctx), RestApi.who(ctx).userId()))));
        r.add("PATCH", "/me", ctx -> {
            Fields f = RestApi.body(ctx);
            ctx.json(UserView.of(
                    profiles.update(RestApi.who(ctx), f.optionalString("displayName"), f.optionalString("about"))));
        });
        r.add(
                "GET",
                "/users",
                ctx -> ctx.json(Map.of(
                        "users",
                        profiles
                                .search(RestApi.who(ctx), ctx.queryParam("prefix"), RestApi.queryInt(ctx, "limit", 20))
                                .stream()
                                .map(UserView::of)
                                .toList())));
        r.add(
                "GET",
                "/users/{id}",
                ctx -> ctx.json(UserView.of(profiles.view(RestApi.who(ctx), RestApi.pathId(ctx, "id")))));

        r.add("PUT", "/me/avatar", ctx -> {
            var who = RestApi.who(ctx);
            long declared = ctx.req().getContentLengthLong();
            InputStream in = ctx.req().getInputStream();
            try {
                ctx.json(UserView.of(profiles.setAvatar(who, in, declared)));
            } catch (RuntimeException e) {
                MediaRoutes.drain(in, declared);
                throw e;
            }
        });
        r.add("DELETE", "/me/avatar", ctx -> ctx.json(UserView.of(profiles.deleteAvatar(RestApi.who(ctx)))));
        r.add("GET", "/users/{id}/avatar", ctx -> {
            Profiles.Avatar avatar = profiles.avatar(RestApi.who(ctx), RestApi.pathId(ctx, "id"));
            // The type is the one detected at upload, never the uploader's claim; served like any
            // media (nosniff, sandbox, revalidated: the answer depends on who asks).
            try (var blob = avatar.blob()) {
                MediaRoutes.send(ctx, blob, avatar.key(), avatar.mediaType(), null);
            }
        });

        r.add("GET", "/me/privacy", ctx -> ctx.json(PrivacyView.of(profiles.privacy(RestApi.who(ctx)))));
        r.add("PATCH", "/me/privacy", ctx -> {
            Fields f = RestApi.body(ctx);
            ctx.json(PrivacyView.of(profiles.updatePrivacy(
                    RestApi.who(ctx), audience(f, "avatar"), audience(f, "about"), audience(f, "lastSeen"))));
        });

        r.add("GET", "/blocks", ctx -> ctx.json(Map.of("blocks", blocks.list(RestApi.who(ctx)))));
        r.add("POST", "/blocks", ctx -> {
            blocks.block(RestApi.who(ctx), RestApi.body(ctx).requiredLong("userId"));
            ctx.status(204);
        });
        r.add("DELETE", "/blocks/{id}", ctx -> {
            blocks.unblock(RestApi.who(ctx), RestApi.pathId(ctx, "id"));
            ctx.status(204);
        });
    }

    private static Audience audience(Fields f, String name) {
        String v = f.optionalString(name);
        return v == null ? null : Audience.fromWire(name, v);
    }
}
