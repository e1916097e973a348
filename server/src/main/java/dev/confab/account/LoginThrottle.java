package dev.confab.account;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.Backoff;
import dev.confab.limit.SharedBackoff;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Growing delays for wrong passwords (AUTH-4), counted three ways, each keyed by the username as typed
 * (normalized) so that known and unknown accounts behave alike:
 * <ul>
 * <li>per account and address: a guesser at one address slows down fast, while the owner at
 *     another address is not affected at all;</li>
 * <li>per address, over all accounts: spraying many usernames from one address slows down too;</li>
 * <li>per account, over all addresses: guessing from many addresses slows down, but that delay is
 *     capped at {@link #ACCOUNT_MAX_DELAY} and does not apply where the account signed in before, so a
 *     flood cannot keep the owner out.</li>
 * </ul>
 * Refused attempts check no password and count as no failure. Every wait is bounded by
 * {@code maxDelay}; a key quiet for {@link #FORGET_AFTER} starts over.
 *
 * <p>On several nodes the counts and the trust are shared ({@link SharedBackoff}), so a round-robin
 * proxy neither multiplies a guesser's free attempts by the number of nodes nor sends the owner to a
 * node that never saw them sign in.
 */
public final class LoginThrottle {
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration ACCOUNT_MAX_DELAY = Duration.ofSeconds(30);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** How long a successful sign-in from an address exempts it from the account-wide delay. */
    static final Duration TRUST_FOR = Duration.ofDays(30);

    private static final String TRUST = "login-trust:";

    /**
     * {@code pairFailures} wrong passwords per account and address, {@code accountFailures} per
     * account, {@code addressFailures} per address are free; after that delays double up to {@code maxDelay}.
     */
    public record Settings(int pairFailures, int accountFailures, int addressFailures, Duration maxDelay) {}

    private record Pair(String username, long address) {
        @Override
        public String toString() { // the shared store's key; the address is digits, so it cannot run into the name
            return address + ":" + username;
        }
    }

    private final Backoff<Pair> pairs;
    private final Backoff<String> accounts;
    private final Backoff<Long> addresses;
    private final ConcurrentHashMap<Pair, Long> trusted = new ConcurrentHashMap<>();
    private final SharedBackoff shared;
    private final LongSupplier nanoClock;

    public LoginThrottle(Settings s, SharedBackoff shared, LongSupplier nanoClock) {
        Duration accountMax = s.maxDelay().compareTo(ACCOUNT_MAX_DELAY) < 0 ? s.maxDelay() : ACCOUNT_MAX_DELAY;
        Duration first = min(FIRST_DELAY, s.maxDelay());
        this.pairs =
                new Backoff<>("login-pair", shared, s.pairFailures(), first, s.maxDelay(), FORGET_AFTER, nanoClock);
        this.accounts = new Backoff<>(
                "login-account",
                shared,
                s.accountFailures(),
                min(FIRST_DELAY, accountMax),
                accountMax,
                FORGET_AFTER,
                nanoClock);
        this.addresses = new Backoff<>(
                "login-address", shared, s.addressFailures(), first, s.maxDelay(), FORGET_AFTER, nanoClock);
        this.shared = shared;
        this.nanoClock = nanoClock;
    }

    public LoginThrottle(Settings s, LongSupplier nanoClock) {
        this(s, SharedBackoff.NONE, nanoClock);
    }

    public LoginThrottle(Settings s, SharedBackoff shared) {
        this(s, shared, System::nanoTime);
    }

    public LoginThrottle(Settings s) {
        this(s, SharedBackoff.NONE);
    }

    /** Throws RATE_LIMITED, with the wait, when this attempt must not check a password yet. */
    void check(String username, long address) {
        Pair pair = new Pair(username, address);
        long wait = Math.max(pairs.waitNanos(pair), addresses.waitNanos(address));
        if (!isTrusted(pair)) wait = Math.max(wait, accounts.waitNanos(username));
        if (wait > 0) {
            long ms = Math.max(1, (wait + 999_999) / 1_000_000);
            throw new ConfabException(ErrorCode.RATE_LIMITED, "Too many failed sign-ins; retry in " + ms + " ms.", ms);
        }
    }

    void failed(String username, long address) {
        pairs.failed(new Pair(username, address));
        accounts.failed(username);
        addresses.failed(address);
    }

    void succeeded(String username, long address) {
        Pair pair = new Pair(username, address);
        pairs.succeeded(pair);
        trusted.put(pair, nanoClock.getAsLong());
        shared.mark(TRUST + pair, TRUST_FOR.toNanos());
    }

    /** Forgets quiet keys and old trust, so that memory follows recent activity only. */
    public void sweep() {
        pairs.sweep();
        accounts.sweep();
        addresses.sweep();
        long now = nanoClock.getAsLong();
        for (Pair p : trusted.keySet())
            trusted.computeIfPresent(p, (k, at) -> now - at > TRUST_FOR.toNanos() ? null : at);
    }

    private boolean isTrusted(Pair pair) {
        Optional<Boolean> everywhere = shared.marked(TRUST + pair);
        if (everywhere.isPresent()) return everywhere.get();
        Long at = trusted.get(pair);
        return at != null && nanoClock.getAsLong() - at <= TRUST_FOR.toNanos();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
