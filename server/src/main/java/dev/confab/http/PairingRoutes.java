package dev.confab.http;

import static dev.confab.http.RestApi.body;
import static dev.confab.http.RestApi.who;

import dev.confab.pairing.Pairings;
import java.util.Map;

/** The signed-in device's half of QR-code login (AUTH-5): look up a pairing, then approve or reject it. */
public final class PairingRoutes {
    private final Pairings pairings;

    public PairingRoutes(Pairings pairings) {
        this.pairings = pairings;
    }

    void register(RestApi.Sink r) {
        r.add("POST", "/pairing/{id}/inspect", ctx -> ctx.json(pairings.inspect(who(ctx), ctx.pathParam("id"))));
        r.add(
                "POST",
                "/pairing/{id}/approve",
                ctx -> ctx.json(Map.of(
                        "sessionId",
                        pairings.approve(
                                who(ctx), ctx.pathParam("id"), body(ctx).requiredString("checkCode")))));
        r.add("POST", "/pairing/{id}/reject", ctx -> {
            pairings.reject(who(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }
}
