package dev.confab.pairing;

import dev.confab.account.Accounts;
import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.push.P256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QR-code login (AUTH-5). A new device asks for a pairing and shows its id (with its public key)
 * as a QR code; a signed-in device looks it up, is shown which device asks and from where, and
 * approves with the check code the new device displays. The new device then gets a session of its
 * own over its pairing channel, encrypted to its key.
 *
 * <p>Against QR-jacking (an attacker's code shown to a victim, who would approve the attacker's
 * device): the approver sees the requesting device and address; approval needs the code shown on
 * the requesting screen; a pairing lives about a minute, works once, belongs to the first user who
 * looks it up, and dies after a few wrong codes. Pairings live in memory only: they are as
 * short-lived as the socket that waits for them.
 */
public final class Pairings {
    static final int MAX_WRONG_CODES = 3;
    static final int MAX_PENDING = 10_000;
    static final int MAX_PENDING_PER_ADDRESS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The new device's side: how its pairing ends. */
    public interface Channel {
        void scanned();

        void approved(Sealed session);

        /** {@code reason}: expired, rejected, failed. */
        void ended(String reason);
    }

    /** What the new device shows. */
    public record Started(String pairingId, String checkCode, Instant expiresAt, String qr) {}

    /** What the approving device is shown before it approves. */
    public record Requester(
            String pairingId,
            String device,
            String userAgent,
            String address,
            String publicKey,
            Instant createdAt,
            Instant expiresAt) {}

    private static final class Pairing {
        final String id;
        final String code;
        final byte[] publicKey;
        final String device;
        final String userAgent;
        final String address;
        final Instant createdAt;
        final Instant expiresAt;
        final Channel channel;
        long claimedBy;
        int wrongCodes;

        Pairing(
                String id,
                String code,
                byte[] publicKey,
                String device,
                String userAgent,
                String address,
                Instant createdAt,
                Instant expiresAt,
                Channel channel) {
            this.id = id;
            this.code = code;
            this.publicKey = publicKey;
            this.device = device;
            this.userAgent = userAgent;
            this.address = address;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            this.channel = channel;
        }
    }

    private final Accounts accounts;
    private final Clock clock;
    private final Duration ttl;
    private final ScheduledExecutorService timers;
    private final ConcurrentHashMap<String, Pairing> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public Pairings(Accounts accounts, Clock clock, Duration ttl, ScheduledExecutorService timers) {
        this.accounts = accounts;
        this.clock = clock;
        this.ttl = ttl;
        this.timers = timers;
    }

    /** Opens a pairing for a device whose P-256 public key is {@code publicKey} (base64url of the uncompressed point). */
    public Started start(String publicKey, String device, String userAgent, String address, Channel channel) {
        byte[] key;
        try {
            key = Base64.getUrlDecoder().decode(publicKey == null ? "" : publicKey);
            P256.publicKey(key);
        } catch (IllegalArgumentException e) {
            throw ConfabException.invalid("key must be a P-256 public key, base64url of the uncompressed point");
        }
        String dev = device == null || device.isBlank() ? "paired device" : device.strip();
        if (dev.length() > 64 || dev.chars().anyMatch(Character::isISOControl))
            throw ConfabException.invalid("device must be at most 64 characters");
        if (pending.size() >= MAX_PENDING) throw new ConfabException(ErrorCode.RATE_LIMITED);
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > MAX_PENDING_PER_ADDRESS) {
            release(address);
            throw new ConfabException(ErrorCode.RATE_LIMITED, "Too many pairings from this address at once.");
        }
        byte[] idBytes = new byte[16];
        RANDOM.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String ua = userAgent == null ? "" : userAgent.length() > 256 ? userAgent.substring(0, 256) : userAgent;
        Pairing p = new Pairing(id, code, key, dev, ua, address, now, now.plus(ttl), channel);
        pending.put(id, p);
        timers.schedule(() -> end(p, "expired"), ttl.toMillis(), TimeUnit.MILLISECONDS);
        return new Started(id, code, p.expiresAt, "confab-pair:" + id + "." + publicKey);
    }

    /** The new device went away before the pairing finished. */
    public void cancel(String pairingId) {
        Pairing p = pending.get(pairingId);
        if (p != null && pending.remove(pairingId, p)) release(p.address);
    }

    /** Shows the approving user which device asks; the first user to look claims the pairing. */
    public Requester inspect(Principal who, String pairingId) {
        Pairing p = live(pairingId);
        boolean first;
        synchronized (p) {
            if (p.claimedBy != 0 && p.claimedBy != who.userId()) throw new ConfabException(ErrorCode.PAIRING_NOT_FOUND);
            first = p.claimedBy == 0;
            p.claimedBy = who.userId();
        }
        if (first) p.channel.scanned();
        return new Requester(
                p.id,
                p.device,
                p.userAgent,
                p.address,
                Base64.getUrlEncoder().withoutPadding().encodeToString(p.publicKey),
                p.createdAt,
                p.expiresAt);
    }

    /** Approves with the code the new device shows; returns the new session's id. Works once. */
    public long approve(Principal who, String pairingId, String checkCode) {
        Pairing p = live(pairingId);
        synchronized (p) {
            if (p.claimedBy != 0 && p.claimedBy != who.userId()) throw new ConfabException(ErrorCode.PAIRING_NOT_FOUND);
            p.claimedBy = who.userId();
            boolean right = checkCode != null
                    && MessageDigest.isEqual(
                            checkCode.strip().getBytes(StandardCharsets.UTF_8),
                            p.code.getBytes(StandardCharsets.UTF_8));
            if (!right) {
                if (++p.wrongCodes >= MAX_WRONG_CODES) end(p, "failed");
                throw new ConfabException(ErrorCode.PAIRING_CODE_MISMATCH);
            }
        }
        if (!pending.remove(pairingId, p)) throw new ConfabException(ErrorCode.PAIRING_NOT_FOUND);
        release(p.address);
        Accounts.SignedIn in = accounts.pairedSession(who, p.device);
        p.channel.approved(Sealed.seal(
                new SessionGrant(
                        in.token(), in.session().id(), in.user().id(), in.user().username()),
                p.publicKey,
                p.id));
        return in.session().id();
    }

    public void reject(Principal who, String pairingId) {
        Pairing p = live(pairingId);
        synchronized (p) {
            if (p.claimedBy != 0 && p.claimedBy != who.userId()) throw new ConfabException(ErrorCode.PAIRING_NOT_FOUND);
        }
        end(p, "rejected");
    }

    /** What the new device decrypts: its bearer token and who it now is. */
    public record SessionGrant(String token, long sessionId, long userId, String username) {}

    private Pairing live(String pairingId) {
        Pairing p = pairingId == null ? null : pending.get(pairingId);
        if (p == null || !clock.instant().isBefore(p.expiresAt)) throw new ConfabException(ErrorCode.PAIRING_NOT_FOUND);
        return p;
    }

    private void end(Pairing p, String reason) {
        if (pending.remove(p.id, p)) {
            release(p.address);
            p.channel.ended(reason);
        }
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
