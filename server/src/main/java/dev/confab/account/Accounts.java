package dev.confab.account;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
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
    private final Guard guard;
    private volatile LongConsumer revocationListener = id -> {};

    /**
     * What stands between the internet and the password hasher: growing delays for wrong passwords,
     * a per-address limit on sign-ups, and the count of every attempt.
     */
    public record Guard(LoginThrottle logins, RateLimiter signups, AuthAttempts attempts) {}

    public Accounts(AccountStore store, PasswordHasher hasher, Clock clock, Duration sessionTtl, Guard guard) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.guard = guard;
    }

    /** Told the id of every revoked session, so that its sockets can be closed. */
    public void onRevocation(LongConsumer listener) {
        this.revocationListener = listener;
    }

    public record SignedIn(String token, Session session, User user) {}

    /** {@code address} is the caller's {@link dev.confab.limit.ClientAddress} key, which sign-ups are limited by. */
    public SignedIn signup(String username, String password, String displayName, String device, long address) {
        NewUser n = checkNewUser(username, password, displayName);
        String dev = checkDevice(device);
        // Each try costs a bcrypt, and a taken name tells whether an account exists: both are limited.
        try {
            guard.signups().acquire(address);
        } catch (ConfabException e) {
            guard.attempts().count(AuthAttempts.Action.SIGNUP, AuthAttempts.Outcome.THROTTLED);
            throw e;
        }
        String hash = hashed(AuthAttempts.Action.SIGNUP, () -> hasher.hash(password));
        Optional<User> user = store.createUser(n.name(), n.displayName(), hash, clock.instant());
        guard.attempts()
                .count(
                        AuthAttempts.Action.SIGNUP,
                        user.isPresent() ? AuthAttempts.Outcome.SUCCESS : AuthAttempts.Outcome.FAILURE);
        return openSession(user.orElseThrow(() -> new ConfabException(ErrorCode.USERNAME_TAKEN)), dev);
    }

    /** How an operator adds a user: sign-up's rules, no session and no sign-up limit (the operator is not a client). */
    public User createUser(String username, String password, String displayName) {
        NewUser n = checkNewUser(username, password, displayName);
        return store.createUser(n.name(), n.displayName(), hasher.hash(password), clock.instant())
                .orElseThrow(() -> new ConfabException(ErrorCode.USERNAME_TAKEN));
    }

    private record NewUser(String name, String displayName) {}

    private static NewUser checkNewUser(String username, String password, String displayName) {
        String name = normalizeUsername(username);
        checkPassword(password);
        return new NewUser(name, displayName == null || displayName.isBlank() ? name : checkDisplayName(displayName));
    }

    /** An operator sets a new password; every session of the account ends, as after a compromise it must. */
    public void resetPassword(long userId, String password) {
        checkPassword(password);
        user(userId);
        store.setPasswordHash(userId, hasher.hash(password));
        endAllSessions(userId);
    }

    /**
     * An operator disables (or enables again) an account. A disabled account cannot log in, and
     * its sessions end; enabling does not bring old sessions back.
     */
    public void setDisabled(long userId, boolean disabled) {
        user(userId);
        store.setDisabled(userId, disabled ? clock.instant() : null);
        if (disabled) endAllSessions(userId);
    }

    /**
     * An operator deletes an account: it is disabled, its sessions end, and its name, profile and
     * avatar are erased. Its messages stay in the rooms they were sent to, shown under the erased
     * name, so nobody else's history gets holes.
     *
     * @return the erased avatar's media key, for the caller to remove from the media store
     */
    public java.util.Optional<String> erase(long userId) {
        user(userId);
        java.util.Optional<String> avatar =
                store.erase(userId, "deleted-" + userId, "Deleted account", clock.instant());
        endAllSessions(userId);
        return avatar;
    }

    private void endAllSessions(long userId) {
        for (long sessionId : store.revokeAllSessions(userId, clock.instant())) revocationListener.accept(sessionId);
    }

    /**
     * Checks the password unless this account, this address or the pair of them has failed too often
     * lately (RATE_LIMITED with the wait; see {@link LoginThrottle}). Known and unknown usernames are
     * throttled, timed and answered alike.
     */
    public SignedIn login(String username, String password, String device, long address) {
        String dev = checkDevice(device);
        if (username == null || password == null) throw new ConfabException(ErrorCode.BAD_CREDENTIALS);
        if (!PasswordHasher.fits(password)) throw new ConfabException(ErrorCode.PASSWORD_TOO_LONG);
        String name = username.trim().toLowerCase(Locale.ROOT);
        // A name no account can have is counted under one key, so junk names cannot fill memory.
        String key = USERNAME.matcher(name).matches() ? name : "";
        try {
            guard.logins().check(key, address);
        } catch (ConfabException e) {
            guard.attempts().count(AuthAttempts.Action.LOGIN, AuthAttempts.Outcome.THROTTLED);
            throw e;
        }
        Optional<Credentials> found = key.isEmpty() ? Optional.empty() : store.findCredentials(name);
        boolean ok = hashed(
                AuthAttempts.Action.LOGIN,
                () -> found.isPresent()
                        ? hasher.verify(password, found.get().passwordHash())
                        : hasher.verifyAgainstDummy(password));
        if (!ok) {
            guard.logins().failed(key, address);
            guard.attempts().count(AuthAttempts.Action.LOGIN, AuthAttempts.Outcome.FAILURE);
            throw new ConfabException(ErrorCode.BAD_CREDENTIALS);
        }
        guard.logins().succeeded(key, address);
        guard.attempts().count(AuthAttempts.Action.LOGIN, AuthAttempts.Outcome.SUCCESS);
        return openSession(found.get().user(), dev);
    }

    private <T> T hashed(AuthAttempts.Action action, Supplier<T> work) {
        try {
            return work.get();
        } catch (ConfabException e) {
            if (e.code() == ErrorCode.OVERLOADED) guard.attempts().count(action, AuthAttempts.Outcome.OVERLOADED);
            throw e;
        }
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
        if (token == null || token.isEmpty() || token.length() > 128)
            throw new ConfabException(ErrorCode.UNAUTHENTICATED);
        Instant now = clock.instant();
        var owner = store.findSessionByTokenHash(SessionTokens.hash(token))
                .filter(o -> o.session().activeAt(now))
                .orElseThrow(() -> new ConfabException(ErrorCode.UNAUTHENTICATED));
        if (owner.session().lastUsedAt().plus(TOUCH_EVERY).isBefore(now))
            store.touchSession(owner.session().id(), now);
        return new Principal(owner.user(), owner.session().id(), owner.session().expiresAt());
    }

    /**
     * Whether the principal's session is still neither revoked nor expired, read from the store.
     * A socket asks this after registering for revocation, so that a revocation committed between
     * its upgrade and its registration is not missed.
     */
    public boolean stillActive(Principal who) {
        Instant now = clock.instant();
        return now.isBefore(who.sessionExpiresAt())
                && store.findSession(who.sessionId())
                        .filter(s -> s.activeAt(now))
                        .isPresent();
    }

    /**
     * Sessions revoked at or after {@code since}, whoever revoked them: this node, another node, or
     * an operator's command line. Polled so that sockets end with sessions ended elsewhere.
     */
    public List<Long> revokedSince(Instant since) {
        return store.revokedSince(since);
    }

    /** Whether the principal's session has expired by now (no store access). */
    public boolean expired(Principal who) {
        return !clock.instant().isBefore(who.sessionExpiresAt());
    }

    public List<Session> sessions(Principal who) {
        return store.listActiveSessions(who.userId(), clock.instant());
    }

    public void revoke(Principal who, long sessionId) {
        if (!store.revokeSession(who.userId(), sessionId, clock.instant()))
            throw new ConfabException(ErrorCode.SESSION_NOT_FOUND);
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
        if (limit < 1 || limit > 50)
            throw new ConfabException(ErrorCode.LIMIT_TOO_LARGE, "limit must be between 1 and 50");
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
        if (!PasswordHasher.fits(password)) throw new ConfabException(ErrorCode.PASSWORD_TOO_LONG);
    }

    private static String checkDevice(String device) {
        if (device == null || device.isBlank()) return "unnamed device";
        String d = device.strip();
        if (d.length() > MAX_DEVICE_CHARS || hasControl(d))
            throw ConfabException.invalid("device must be a name of at most 64 characters");
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
