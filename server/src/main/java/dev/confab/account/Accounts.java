package dev.confab.account;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/** Sign-up, login, sessions and profiles: the rules, with storage behind {@link AccountStore}. */
public final class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
    private static final int MIN_PASSWORD_CHARS = 8;
    private static final int MAX_DEVICE_CHARS = 64;
    private static final int MAX_DISPLAY_NAME_CHARS = 64;
    /** Touching last-used on every request would turn every read into a write. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration sessionTtl;
    private volatile LongConsumer revocationListener = id -> {};

    public Accounts(AccountStore store, PasswordHasher hasher, Clock clock, Duration sessionTtl) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
    }

    /** Told the id of every revoked session, so that its sockets can be closed. */
    public void onRevocation(LongConsumer listener) {
        this.revocationListener = listener;
    }

    public record SignedIn(String token, Session session, User user) {}

    public SignedIn signup(String username, String password, String displayName, String device) {
        String name = normalizeUsername(username);
        checkPassword(password);
        String shown = displayName == null || displayName.isBlank() ? name : checkDisplayName(displayName);
        String dev = checkDevice(device);
        String hash = hasher.hash(password);
        User user = store.createUser(name, shown, hash, clock.instant())
                .orElseThrow(() -> new ConfabException(ErrorCode.USERNAME_TAKEN));
        return openSession(user, dev);
    }

    public SignedIn login(String username, String password, String device) {
        String dev = checkDevice(device);
        if (username == null || password == null) throw new ConfabException(ErrorCode.BAD_CREDENTIALS);
        Optional<Credentials> found = store.findCredentials(username.trim().toLowerCase(Locale.ROOT));
        if (found.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            throw new ConfabException(ErrorCode.BAD_CREDENTIALS);
        }
        if (!hasher.verify(password, found.get().passwordHash())) throw new ConfabException(ErrorCode.BAD_CREDENTIALS);
        return openSession(found.get().user(), dev);
    }

    /** A new session of the approver's account for a device paired by QR code (AUTH-5). */
    public SignedIn pairedSession(Principal approver, String device) {
        return openSession(user(approver.userId()), checkDevice(device));
    }

    private SignedIn openSession(User user, String device) {
        String token = SessionTokens.newToken();
        Instant now = clock.instant();
        Session session = store.createSession(user.id(), device, SessionTokens.hash(token), now, now.plus(sessionTtl));
        return new SignedIn(token, session, user);
    }

    /** The principal behind a bearer token, or UNAUTHENTICATED for a missing, unknown, expired or revoked one. */
    public Principal authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) throw new ConfabException(ErrorCode.UNAUTHENTICATED);
        Instant now = clock.instant();
        var owner = store.findSessionByTokenHash(SessionTokens.hash(token))
                .filter(o -> o.session().activeAt(now))
                .orElseThrow(() -> new ConfabException(ErrorCode.UNAUTHENTICATED));
        if (owner.session().lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) store.touchSession(owner.session().id(), now);
        return new Principal(owner.user(), owner.session().id());
    }

    public List<Session> sessions(Principal who) {
        return store.listActiveSessions(who.userId(), clock.instant());
    }

    public void revoke(Principal who, long sessionId) {
        if (!store.revokeSession(who.userId(), sessionId, clock.instant())) throw new ConfabException(ErrorCode.SESSION_NOT_FOUND);
        revocationListener.accept(sessionId);
    }

    public void logout(Principal who) {
        revoke(who, who.sessionId());
    }

    public User user(long id) {
        return store.findUser(id).orElseThrow(() -> new ConfabException(ErrorCode.USER_NOT_FOUND));
    }

    public List<User> findByPrefix(String prefix, int limit) {
        if (prefix == null || prefix.isBlank()) throw ConfabException.invalid("prefix is required");
        if (limit < 1 || limit > 50) throw new ConfabException(ErrorCode.LIMIT_TOO_LARGE, "limit must be between 1 and 50");
        String p = prefix.trim().toLowerCase(Locale.ROOT);
        if (p.length() > 32) throw ConfabException.invalid("prefix is longer than a username can be");
        return store.findUsersByPrefix(p, limit);
    }

    public User updateDisplayName(Principal who, String displayName) {
        store.updateDisplayName(who.userId(), checkDisplayName(displayName));
        return user(who.userId());
    }

    /** Records that the user was seen now, and returns that time as stored (milliseconds). */
    public Instant seen(long userId) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.touchLastSeen(userId, now);
        return now;
    }

    private static String normalizeUsername(String username) {
        String n = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(n).matches()) {
            throw ConfabException.invalid("username must be 3-32 characters of a-z, 0-9, '_', '.', '-'");
        }
        return n;
    }

    private static void checkPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            throw ConfabException.invalid("password must have at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_PASSWORD_BYTES) {
            throw ConfabException.invalid("password must be at most " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }

    private static String checkDevice(String device) {
        if (device == null || device.isBlank()) return "unnamed device";
        String d = device.strip();
        if (d.length() > MAX_DEVICE_CHARS || hasControl(d)) throw ConfabException.invalid("device must be a name of at most 64 characters");
        return d;
    }

    static String checkDisplayName(String displayName) {
        String d = displayName == null ? "" : displayName.strip();
        if (d.isEmpty() || d.length() > MAX_DISPLAY_NAME_CHARS || hasControl(d)) {
            throw ConfabException.invalid("displayName must be 1-64 characters without control characters");
        }
        return d;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
