package dev.confab.gateway;

import dev.confab.pairing.Pairings;
import dev.confab.pairing.Sealed;
import dev.confab.wire.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code /ws/pair} endpoint a new device opens for QR-code login (docs/protocol.md, "Pairing
 * socket"). No session is needed: the upgrade starts a pairing (a bad key is refused with 400
 * before the upgrade), the socket carries its progress, and the server closes it when the
 * pairing ends, approved or not.
 */
public final class PairingSocket {
    private static final String CHANNEL = "confab.pairing";

    private final Pairings pairings;

    public PairingSocket(Pairings pairings) {
        this.pairings = pairings;
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade("/ws/pair", this::start);
        routes.ws("/ws/pair", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(2));
                channel(ctx).attach(ctx);
            });
            ws.onMessage(ctx -> {}); // the new device only listens
            ws.onClose(ctx -> {
                Channel c = channel(ctx);
                if (c != null) {
                    c.closed();
                    pairings.cancel(c.pairingId);
                }
            });
        });
    }

    private static Channel channel(WsContext ctx) {
        return ctx.attribute(CHANNEL);
    }

    private void start(Context ctx) {
        Channel channel = new Channel();
        Pairings.Started s =
                pairings.start(ctx.queryParam("key"), ctx.queryParam("device"), ctx.userAgent(), ctx.ip(), channel);
        channel.pairingId = s.pairingId();
        channel.send(
                Map.of(
                        "type",
                        "pairing",
                        "pairingId",
                        s.pairingId(),
                        "checkCode",
                        s.checkCode(),
                        "expiresAt",
                        s.expiresAt().toString(),
                        "qr",
                        s.qr()),
                false);
        ctx.attribute(CHANNEL, channel);
    }

    public record Approved(String type, String serverKey, String iv, String ciphertext) {}

    /** Frames wait until the socket is connected; the last one closes it. */
    private static final class Channel implements Pairings.Channel {
        private final List<String> early = new ArrayList<>();
        private WsContext ctx;
        private boolean closeAfter;
        private boolean closed;
        volatile String pairingId;

        synchronized void attach(WsContext c) {
            this.ctx = c;
            for (String f : early) c.send(f);
            early.clear();
            if (closeAfter) c.closeSession(1000, "pairing over");
        }

        synchronized void closed() {
            closed = true;
        }

        synchronized void send(Object frame, boolean last) {
            if (closed) return;
            String text = Json.write(frame);
            if (ctx == null) {
                early.add(text);
                closeAfter |= last;
                return;
            }
            ctx.send(text);
            if (last) {
                closed = true;
                ctx.closeSession(1000, "pairing over");
            }
        }

        @Override
        public void scanned() {
            send(Map.of("type", "scanned", "at", Instant.now().toString()), false);
        }

        @Override
        public void approved(Sealed s) {
            send(new Approved("approved", s.serverKey(), s.iv(), s.ciphertext()), true);
        }

        @Override
        public void ended(String reason) {
            send(Map.of("type", "ended", "reason", reason), true);
        }
    }
}
