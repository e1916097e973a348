package dev.confab.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * bcrypt with a configurable cost (tests lower it; production keeps it high), computed on a small
 * pool of platform threads. Requests run on virtual threads that share one carrier thread per core;
 * a bcrypt there holds its carrier for its whole run, so a handful of parallel logins would stall
 * every other request and socket. Platform threads are time-sliced by the OS instead, and there are
 * few of them. When the pool and its short queue are full, the caller is refused at once
 * ({@code overloaded}) rather than left to pile up.
 */
public final class PasswordHasher {
    /** bcrypt ignores bytes past 72; longer passwords are refused rather than silently truncated. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final long RETRY_AFTER_MS = 1000;
    private final int cost;
    private final ThreadPoolExecutor pool;
    private final String dummyHash;

    /** {@code threads} hashing at once and {@code queue} more waiting; {@code threads} 0 means half the cores. */
    public PasswordHasher(int cost, int threads, int queue) {
        this.cost = cost;
        int n = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        // Idle threads end, so a server (or a test making many) keeps none while nobody signs in.
        this.pool = new ThreadPoolExecutor(
                n,
                n,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)),
                Thread.ofPlatform().name("password-hash-", 0).daemon().factory(),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        this.dummyHash = BCrypt.withDefaults().hashToString(cost, "not-a-real-password".toCharArray());
    }

    public String hash(String password) {
        return onPool(() -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()));
    }

    public boolean verify(String password, String hash) {
        return onPool(() -> BCrypt.verifyer()
                .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
                .verified);
    }

    /** Spends the same time as a real check so unknown usernames are not revealed by timing; always false. */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummyHash);
        return false;
    }

    /** Whether bcrypt can take this password whole. */
    public static boolean fits(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    private <T> T onPool(Callable<T> work) {
        Future<T> f;
        try {
            f = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new ConfabException(
                    ErrorCode.OVERLOADED, "Too many sign-ins at once; retry shortly.", RETRY_AFTER_MS);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }
}
