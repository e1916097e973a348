package dev.confab.presence;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/** Presence of a single node: online while a device is connected here. */
public final class LocalPresence implements Presence {
    private final LongPredicate connectedHere;
    private final Set<Long> announcedOnline = ConcurrentHashMap.newKeySet();

    public LocalPresence(LongPredicate connectedHere) {
        this.connectedHere = connectedHere;
    }

    @Override
    public void refresh(long userId) {
        // the connection registry already is this node's presence
    }

    @Override
    public boolean online(long userId) {
        return connectedHere.test(userId);
    }

    @Override
    public long[] onlineAmong(long[] userIds) {
        return Arrays.stream(userIds).filter(connectedHere).toArray();
    }

    @Override
    public boolean announce(long userId, boolean online) {
        return online ? announcedOnline.add(userId) : announcedOnline.remove(userId);
    }
}
