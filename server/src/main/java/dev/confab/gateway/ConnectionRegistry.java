package dev.confab.gateway;

import dev.confab.fanout.LocalDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The sockets open on this node, by user and by session. It is also the node's presence: a user is
 * online here while any of their devices is registered.
 */
public final class ConnectionRegistry implements LocalDelivery {
    /** Sent when a socket's session is revoked or expires (protocol.md). */
    static final int CLOSE_SESSION_ENDED = 4001;
    /** Sockets by the end of their session, soonest first, so that expiry walks only the expired ones. */
    private static final Comparator<Connection> BY_EXPIRY = Comparator.comparing(
                    (Connection c) -> c.principal.sessionExpiresAt())
            .thenComparingLong(c -> c.id);

    private final ConcurrentHashMap<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<Connection>> bySession = new ConcurrentHashMap<>();
    private final Counter framesOut;

    public ConnectionRegistry(MeterRegistry metrics) {
        this.framesOut = Counter.builder("confab.frames.out")
                .description("frames queued to sockets")
                .register(metrics);
        metrics.gauge("confab.connections", this, r -> r.count());
    }

    private final ConcurrentSkipListSet<Connection> byExpiry = new ConcurrentSkipListSet<>(BY_EXPIRY);

    /**
     * Adds inside {@code compute}, atomically with {@link #remove}'s dropping of an emptied set: adding to
     * a set fetched outside it could land in a set just dropped, leaving a socket that neither fan-out
     * nor revocation can find.
     */
    void add(Connection c) {
        byExpiry.add(c);
        byUser.compute(c.userId(), (k, set) -> withAdded(set, c));
        bySession.compute(c.sessionId(), (k, set) -> withAdded(set, c));
    }

    private static Set<Connection> withAdded(Set<Connection> set, Connection c) {
        Set<Connection> s = set == null ? ConcurrentHashMap.newKeySet() : set;
        s.add(c);
        return s;
    }

    void remove(Connection c) {
        byExpiry.remove(c);
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

    /** The sessions of this user with a socket open on this node. */
    public long[] sessionsOf(long userId) {
        Set<Connection> devices = byUser.get(userId);
        if (devices == null) return new long[0];
        return devices.stream().mapToLong(Connection::sessionId).distinct().toArray();
    }

    /** The users with a device on this node. */
    public long[] onlineUsers() {
        return byUser.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Walks the smaller side: the recipients, or, when they far outnumber the users online here
     * (a big channel), the online users, each looked up in the sorted recipient ids. So a message
     * to 100,000 readers of whom 200 are connected costs about 200 lookups, not 100,000.
     */
    @Override
    public void deliver(long[] userIds, String text, long excludeConnection) {
        ByteBuffer frame = Connection.encode(text); // once for every recipient
        int sent = 0;
        if (userIds.length > 8L * byUser.size()) {
            for (var online : byUser.entrySet()) {
                if (Arrays.binarySearch(userIds, online.getKey()) >= 0)
                    sent += send(online.getValue(), frame, excludeConnection);
            }
        } else {
            for (long user : userIds) {
                Set<Connection> devices = byUser.get(user);
                if (devices != null) sent += send(devices, frame, excludeConnection);
            }
        }
        framesOut.increment(sent);
    }

    private static int send(Set<Connection> devices, ByteBuffer frame, long excludeConnection) {
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
        for (Connection c : List.copyOf(set)) c.close(CLOSE_SESSION_ENDED, "session revoked");
    }

    /** Closes every socket whose session has expired by {@code now}. */
    public void closeExpired(Instant now) {
        for (Connection c : byExpiry) {
            if (c.principal.sessionExpiresAt().isAfter(now)) return;
            byExpiry.remove(c);
            c.close(CLOSE_SESSION_ENDED, "session expired");
        }
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
