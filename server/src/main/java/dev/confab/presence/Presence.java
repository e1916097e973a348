package dev.confab.presence;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online on this node: a count of connected devices per user. A user is online while the
 * count is above zero. Several nodes would share this through the fan-out bus (not built yet).
 */
public final class Presence {
    private final ConcurrentHashMap<Long, Integer> devices = new ConcurrentHashMap<>();

    public void connected(long userId) {
        devices.merge(userId, 1, Integer::sum);
    }

    public void disconnected(long userId) {
        devices.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
    }

    public boolean online(long userId) {
        return devices.containsKey(userId);
    }
}
