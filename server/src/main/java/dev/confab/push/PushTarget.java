package dev.confab.push;

import dev.confab.text.WireName;

/**
 * A place one session's device can be woken: a Web Push subscription ({@code address} the endpoint
 * URL, with its {@code p256dh} and {@code auth} keys) or a push-gateway device ({@code address} the
 * pushkey of app {@code appId}, with opaque {@code data} passed back to the gateway).
 */
public record PushTarget(
        long id,
        long userId,
        long sessionId,
        Kind kind,
        String appId,
        String address,
        String p256dh,
        String auth,
        String data) {
    public enum Kind implements WireName {
        WEBPUSH,
        GATEWAY;

        public static Kind fromWire(String s) {
            return WireName.parse(Kind.class, s);
        }
    }
}
