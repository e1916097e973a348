package dev.confab.presence;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/** Presence of a single node: online while a device is connected here. */
public final class LocalPresence implements Presence {
    private final LongPredicate connectedHere;
    private final LongFunction<long[]> sessionsHere;
    private final Set<Long> announcedOnline = ConcurrentHashMap.newKeySet();

    /** @param sessionsHere a user's sessions with a socket open here */
    public LocalPresence(LongPredicate connectedHere, LongFunction<long[]> sessionsHere) {
        this.connectedHere = connectedHere;
        this.sessionsHere = sessionsHere;
    }

    @Override
    public Set<Long> sessionsWithSocket(Collection<Long> userIds) {
        Set<Long> out = new HashSet<>();
        for (long u : userIds) for (long s : sessionsHere.apply(u)) out.add(s);
        return out;
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
