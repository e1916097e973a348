package dev.confab.presence;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which typing signals are forwarded: at most one "started typing" per user and room every
 * {@link #START_INTERVAL_MS}, and a "stopped" only when it ends a start others still display. The
 * rest are dropped. Receivers hide an indicator by themselves after {@link #EXPIRES_MS}, so a lost
 * "stopped" (a device that vanished) costs nothing but a few seconds of a stale indicator.
 */
public final class TypingLimiter {
    public static final long START_INTERVAL_MS = 2_000;
    public static final long EXPIRES_MS = 6_000;
    private static final long SWEEP_EVERY_MS = 10_000;

    private record Key(long userId, long roomId) {}

    private static final class State {
        long startedAt;
        boolean active;
    }

    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** Whether this signal ({@code active}: started, otherwise stopped) is forwarded at {@code nowMs}. */
    public boolean allow(long userId, long roomId, boolean active, long nowMs) {
        sweep(nowMs);
        boolean[] forward = {false};
        states.compute(new Key(userId, roomId), (k, s) -> {
            boolean shown = s != null && s.active && nowMs - s.startedAt < EXPIRES_MS;
            if (active) {
                if (s != null && nowMs - s.startedAt < START_INTERVAL_MS) return s;
                State next = s != null ? s : new State();
                next.startedAt = nowMs;
                next.active = true;
                forward[0] = true;
                return next;
            }
            if (!shown) return s;
            s.active = false;
            forward[0] = true;
            return s;
        });
        return forward[0];
    }

    /** Forgets entries that can no longer limit or stop anything, so the map holds only recent typers. */
    private void sweep(long nowMs) {
        if (nowMs - lastSweep < SWEEP_EVERY_MS) return;
        lastSweep = nowMs;
        long horizon = Math.max(START_INTERVAL_MS, EXPIRES_MS);
        states.values().removeIf(s -> nowMs - s.startedAt >= horizon);
    }

    int tracked() {
        return states.size();
    }
}
