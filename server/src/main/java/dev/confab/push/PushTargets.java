package dev.confab.push;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** Registering and removing the places a session's device is woken at (NTF-2): the rules, storage behind {@link PushStore}. */
public final class PushTargets {
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_ENDPOINT_CHARS = 2048;
    private static final int MAX_PUSHKEY_CHARS = 512;
    private static final int MAX_DATA_CHARS = 1024;
    /** A user with more targets than this is registering in a loop; older ones are gone anyway. */
    static final int MAX_PER_USER = 50;

    private final PushStore store;
    private final EndpointPolicy policy;
    private final boolean gatewayConfigured;
    private final Vapid vapid;
    private final Clock clock;

    public PushTargets(PushStore store, EndpointPolicy policy, boolean gatewayConfigured, Vapid vapid, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.gatewayConfigured = gatewayConfigured;
        this.vapid = vapid;
        this.clock = clock;
    }

    /** The key browsers pass to {@code pushManager.subscribe} as {@code applicationServerKey}. */
    public String vapidPublicKey() {
        return vapid.publicKey();
    }

    public PushTarget subscribe(Principal who, String endpoint, String p256dh, String auth) {
        if (endpoint == null || endpoint.length() > MAX_ENDPOINT_CHARS)
            throw ConfabException.invalid("endpoint is required, at most 2048 characters");
        if (policy.check(endpoint) == null) throw new ConfabException(ErrorCode.PUSH_ENDPOINT_NOT_ALLOWED);
        byte[] key = decode(p256dh, "keys.p256dh");
        try {
            P256.publicKey(key);
        } catch (IllegalArgumentException e) {
            throw ConfabException.invalid("keys.p256dh must be an uncompressed P-256 public key");
        }
        if (decode(auth, "keys.auth").length != 16) throw ConfabException.invalid("keys.auth must be 16 bytes");
        checkRoom(who);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return store.saveTarget(
                new PushTarget(
                        0,
                        who.userId(),
                        who.sessionId(),
                        PushTarget.Kind.WEBPUSH,
                        "",
                        endpoint,
                        b64.encodeToString(key),
                        b64.encodeToString(decode(auth, "keys.auth")),
                        null),
                clock.instant());
    }

    /** {@code data}: a JSON object as text, or null; passed back to the gateway with every push. */
    public PushTarget registerDevice(Principal who, String appId, String pushkey, String data) {
        if (!gatewayConfigured) throw new ConfabException(ErrorCode.PUSH_GATEWAY_DISABLED);
        if (appId == null || !APP_ID.matcher(appId).matches())
            throw ConfabException.invalid("appId must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'");
        if (pushkey == null
                || pushkey.isEmpty()
                || pushkey.length() > MAX_PUSHKEY_CHARS
                || pushkey.chars().anyMatch(Character::isISOControl)) {
            throw ConfabException.invalid("pushkey must be 1-512 characters");
        }
        if (data != null && data.length() > MAX_DATA_CHARS)
            throw ConfabException.invalid("data must be at most 1024 characters of JSON");
        checkRoom(who);
        return store.saveTarget(
                new PushTarget(
                        0, who.userId(), who.sessionId(), PushTarget.Kind.GATEWAY, appId, pushkey, null, null, data),
                clock.instant());
    }

    public List<PushTarget> list(Principal who) {
        return store.targets(who.userId());
    }

    public void remove(Principal who, long id) {
        if (!store.removeTarget(who.userId(), id))
            throw new ConfabException(ErrorCode.NOT_FOUND, "No such push target.");
    }

    /** A session ended (logout, revocation): its device must not be woken any more. Expired sessions are skipped when planning. */
    public void sessionEnded(long sessionId) {
        store.removeSessionTargets(sessionId);
    }

    /** Forgets the devices of sessions that lapsed without a logout: an expired session's device is never woken again. */
    public int sweep() {
        return store.removeLapsedTargets(clock.instant());
    }

    private void checkRoom(Principal who) {
        if (store.targets(who.userId()).size() >= MAX_PER_USER) {
            throw ConfabException.invalid("at most " + MAX_PER_USER + " push targets per user; remove old ones first");
        }
    }

    private static byte[] decode(String s, String name) {
        if (s == null) throw ConfabException.invalid(name + " is required");
        try {
            return Base64.getUrlDecoder()
                    .decode(s.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw ConfabException.invalid(name + " must be base64url");
        }
    }
}
