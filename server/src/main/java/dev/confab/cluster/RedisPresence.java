package dev.confab.cluster;

import dev.confab.presence.Presence;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence across nodes, as Centrifugo keeps it: a hash per user ({@code prefix:presence:USER})
 * with a field per node holding until when that node vouches for a device. Nodes refresh their
 * fields well before they run out, so a node that dies stops counting within {@link #TTL_MILLIS}.
 * When Redis cannot answer, this node's own devices are the answer: presence degrades, nothing fails.
 *
 * <p>Beside it, {@code prefix:sockets:USER} holds per node the same expiry followed by the sessions
 * with a socket there ({@code "UNTIL 12,15"}), written with the presence field: Web Push skips a
 * session with a socket on any node, and a planner on one node must see the sockets of all. A key
 * of its own, so a node that reads the presence hash as plain expiries still can.
 */
final class RedisPresence implements Presence {
    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
    static final long TTL_MILLIS = 60_000;
    static final long REFRESH_SECONDS = 20;

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;
    private final String field;
    private final LongPredicate connectedHere;
    private final Supplier<long[]> localUsers;
    private final LongFunction<long[]> sessionsHere;

    RedisPresence(
            StatefulRedisConnection<String, String> redis,
            String prefix,
            String nodeField,
            LongPredicate connectedHere,
            Supplier<long[]> localUsers,
            LongFunction<long[]> sessionsHere) {
        this.redis = redis;
        this.prefix = prefix;
        this.field = nodeField;
        this.connectedHere = connectedHere;
        this.localUsers = localUsers;
        this.sessionsHere = sessionsHere;
    }

    private String key(long userId) {
        return prefix + ":presence:" + userId;
    }

    private String socketsKey(long userId) {
        return prefix + ":sockets:" + userId;
    }

    @Override
    public void refresh(long userId) {
        try {
            if (connectedHere.test(userId)) vouch(List.of(userId));
            else withdraw(userId);
        } catch (RuntimeException e) {
            log.debug("presence refresh of {} failed: {}", userId, e.toString());
        }
    }

    /** Renews this node's field for every user connected here (runs every {@link #REFRESH_SECONDS}). */
    void refreshAll() {
        try {
            List<Long> users = new ArrayList<>();
            for (long u : localUsers.get()) users.add(u);
            vouch(users);
        } catch (RuntimeException e) {
            log.debug("presence refresh failed: {}", e.toString());
        }
    }

    private void vouch(List<Long> users) {
        String until = Long.toString(System.currentTimeMillis() + TTL_MILLIS);
        List<RedisFuture<?>> pending = new ArrayList<>(users.size() * 2);
        for (long u : users) {
            pending.add(redis.async().hset(key(u), field, until));
            pending.add(redis.async().pexpire(key(u), TTL_MILLIS));
            // the whole list each time: a session that closed while the user stays here drops out
            StringBuilder sockets = new StringBuilder(until).append(' ');
            long[] sessions = sessionsHere.apply(u);
            for (int i = 0; i < sessions.length; i++)
                sockets.append(i == 0 ? "" : ",").append(sessions[i]);
            pending.add(redis.async().hset(socketsKey(u), field, sockets.toString()));
            pending.add(redis.async().pexpire(socketsKey(u), TTL_MILLIS));
        }
        for (RedisFuture<?> f : pending) await(f);
    }

    private void withdraw(long userId) {
        RedisFuture<?> sockets = redis.async().hdel(socketsKey(userId), field);
        await(redis.async().hdel(key(userId), field));
        await(sockets);
    }

    @Override
    public Set<Long> sessionsWithSocket(Collection<Long> userIds) {
        Set<Long> out = new HashSet<>();
        List<RedisFuture<List<String>>> asked = new ArrayList<>(userIds.size());
        try {
            for (long u : userIds) asked.add(redis.async().hvals(socketsKey(u)));
            long now = System.currentTimeMillis();
            for (RedisFuture<List<String>> f : asked) {
                for (String v : await(f)) {
                    int space = v.indexOf(' ');
                    if (space < 0 || Long.parseLong(v.substring(0, space)) <= now) continue;
                    for (String s : v.substring(space + 1).split(",")) if (!s.isEmpty()) out.add(Long.parseLong(s));
                }
            }
        } catch (RuntimeException e) {
            // Redis away: this node's sockets are all that is known (a device on another node may get a push too many)
            log.debug("asking for sockets failed: {}", e.toString());
        }
        for (long u : userIds) for (long s : sessionsHere.apply(u)) out.add(s);
        return out;
    }

    @Override
    public boolean online(long userId) {
        if (connectedHere.test(userId)) return true;
        try {
            return anyCurrent(redis.sync().hvals(key(userId)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean anyCurrent(List<String> untils) {
        long now = System.currentTimeMillis();
        for (String until : untils) if (Long.parseLong(until) > now) return true;
        return false;
    }

    @Override
    public long[] onlineAmong(long[] userIds) {
        List<RedisFuture<List<String>>> asked = new ArrayList<>(userIds.length);
        try {
            for (long u : userIds)
                asked.add(connectedHere.test(u) ? null : redis.async().hvals(key(u)));
            long[] out = new long[userIds.length];
            int n = 0;
            for (int i = 0; i < userIds.length; i++) {
                if (asked.get(i) == null || anyCurrent(await(asked.get(i)))) out[n++] = userIds[i];
            }
            return java.util.Arrays.copyOf(out, n);
        } catch (RuntimeException e) {
            return java.util.Arrays.stream(userIds).filter(connectedHere).toArray();
        }
    }

    @Override
    public boolean announce(long userId, boolean online) {
        String state = online ? "1" : "0";
        try {
            String before = redis.sync().setGet(prefix + ":announced:" + userId, state, SetArgs.Builder.ex(86_400));
            return before == null ? online : !before.equals(state);
        } catch (RuntimeException e) {
            return true; // better a repeated announcement than a missed one
        }
    }

    /** Withdraws this node's fields (a graceful stop). */
    void close() {
        for (long u : localUsers.get()) {
            redis.async().hdel(key(u), field);
            redis.async().hdel(socketsKey(u), field);
        }
    }

    private static <T> T await(RedisFuture<T> f) {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
