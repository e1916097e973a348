package dev.confab.gateway;

import dev.confab.fanout.LocalDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets open on this node, by user and by session. It is also the node's presence: a user is
 * online here while any of their devices is registered.
 */
public final class ConnectionRegistry implements LocalDelivery {
    static final int CLOSE_SESSION_REVOKED = 4001;

    private final ConcurrentHashMap<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<Connection>> bySession = new ConcurrentHashMap<>();
    private final Counter framesOut;

    public ConnectionRegistry(MeterRegistry metrics) {
        this.framesOut = Counter.builder("confab.frames.out").description("frames queued to sockets").register(metrics);
        metrics.gauge("confab.connections", this, r -> r.count());
    }

    void add(Connection c) {
        byUser.computeIfAbsent(c.userId(), k -> ConcurrentHashMap.newKeySet()).add(c);
        bySession.computeIfAbsent(c.sessionId(), k -> ConcurrentHashMap.newKeySet()).add(c);
    }

    void remove(Connection c) {
        byUser.computeIfPresent(c.userId(), (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
        bySession.computeIfPresent(c.sessionId(), (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    public boolean online(long userId) {
        return byUser.containsKey(userId);
    }

    /** Whether this session has a socket open here: its device gets live frames rather than pushes. */
    public boolean sessionConnected(long sessionId) {
        return bySession.containsKey(sessionId);
    }

    /**
     * Walks the smaller side: the recipients, or, when they far outnumber the users online here
     * (a big channel), the online users, each looked up in the sorted recipient ids. So a message
     * to 100,000 readers of whom 200 are connected costs about 200 lookups, not 100,000.
     */
    @Override
    public void deliver(long[] userIds, String frame, long excludeConnection) {
        int sent = 0;
        if (userIds.length > 8L * byUser.size()) {
            for (var online : byUser.entrySet()) {
                if (Arrays.binarySearch(userIds, online.getKey()) >= 0) sent += send(online.getValue(), frame, excludeConnection);
            }
        } else {
            for (long user : userIds) {
                Set<Connection> devices = byUser.get(user);
                if (devices != null) sent += send(devices, frame, excludeConnection);
            }
        }
        framesOut.increment(sent);
    }

    private static int send(Set<Connection> devices, String frame, long excludeConnection) {
        int sent = 0;
        for (Connection c : devices) {
            if (c.id != excludeConnection && c.send(frame)) sent++;
        }
        return sent;
    }

    @Override
    public void closeSession(long sessionId) {
        Set<Connection> set = bySession.get(sessionId);
        if (set == null) return;
        for (Connection c : List.copyOf(set)) c.close(CLOSE_SESSION_REVOKED, "session revoked");
    }

    List<Connection> all() {
        List<Connection> out = new ArrayList<>();
        byUser.values().forEach(out::addAll);
        return out;
    }

    int count() {
        int n = 0;
        for (Set<Connection> s : byUser.values()) n += s.size();
        return n;
    }
}
