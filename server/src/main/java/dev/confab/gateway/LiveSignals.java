package dev.confab.gateway;

import dev.confab.account.Accounts;
import dev.confab.account.Profiles;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.fanout.Fanout;
import dev.confab.fanout.RoomAudience;
import dev.confab.presence.TypingLimiter;
import dev.confab.wire.LiveFrames;
import dev.confab.wire.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ephemeral signals on the socket: presence (online / last seen, pushed to the people allowed to
 * see it) and typing. Nothing here is stored except the user's last-seen time.
 *
 * <p>Presence is per node: a user counts as online while a device is connected to this node.
 * Announcements for one user run one after another and each announces the state at the time it
 * runs, so a quick connect/disconnect can never leave watchers with a stale "online".
 */
public final class LiveSignals {
    private static final Logger log = LoggerFactory.getLogger(LiveSignals.class);

    /** Whether a user has a device connected to this node (the connection registry). */
    private final LongPredicate online;
    private final Profiles profiles;
    private final Accounts accounts;
    private final Fanout fanout;
    private final RoomAudience rooms;
    private final TypingLimiter typing = new TypingLimiter();
    private final PostingRight posting;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** The tail of each user's queue of presence work. */
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();
    /** Users last announced as online; touched only from the user's own queue. */
    private final ConcurrentHashMap<Long, Boolean> announcedOnline = new ConcurrentHashMap<>();

    /** Whether a member may post in a room: only they may show as typing there (not a channel's readers). */
    public interface PostingRight {
        boolean mayPost(long roomId, long userId);
    }

    public LiveSignals(LongPredicate online, Profiles profiles, Accounts accounts, Fanout fanout, RoomAudience rooms, PostingRight posting,
                       Clock clock) {
        this.online = online;
        this.posting = posting;
        this.profiles = profiles;
        this.accounts = accounts;
        this.fanout = fanout;
        this.rooms = rooms;
        this.clock = clock;
    }

    /** Called after the device's connection was registered. */
    void connected(long userId) {
        inOrder(userId, () -> reconcile(userId));
    }

    /** Called after the device's connection was removed. */
    void disconnected(long userId) {
        inOrder(userId, () -> reconcile(userId));
    }

    /** Records last seen (every connect and disconnect, as before presence existed) and announces a change of state. */
    private void reconcile(long userId) {
        Instant at = accounts.seen(userId);
        boolean isOnline = online.test(userId);
        boolean announced = announcedOnline.containsKey(userId);
        if (isOnline == announced) return;
        if (isOnline) announcedOnline.put(userId, Boolean.TRUE);
        else announcedOnline.remove(userId);
        long[] audience = profiles.presenceAudience(userId);
        if (audience.length > 0) fanout.publish(audience, Json.write(new LiveFrames.Presence(userId, isOnline, at)), 0);
    }

    private void inOrder(long userId, Runnable work) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.debug("presence update of {} failed: {}", userId, e.toString());
            }
        };
        CompletableFuture<Void> next = queues.compute(userId, (k, tail) ->
                tail == null ? CompletableFuture.runAsync(guarded, executor) : tail.thenRunAsync(guarded, executor));
        next.whenComplete((v, e) -> queues.remove(userId, next));
    }

    /**
     * A member's typing signal, forwarded (when the limiter lets it through) to the other members'
     * devices, encoded once. A frame with a {@code ref} is answered {@code ok} whether or not it was
     * forwarded: the sender cannot tell, and need not care, that it was throttled.
     */
    void typing(Connection c, long roomId, boolean active, String ref) {
        long[] members = rooms.of(roomId);
        long me = c.userId();
        if (Arrays.binarySearch(members, me) < 0) throw new ConfabException(ErrorCode.ROOM_NOT_FOUND); // audiences are sorted
        if (typing.allow(me, roomId, active, clock.millis())) {
            // checked only for what would be forwarded, so the limiter also bounds these lookups
            if (!posting.mayPost(roomId, me)) throw new ConfabException(ErrorCode.FORBIDDEN, "Only members who may post can show as typing.");
            long[] others = Arrays.stream(members).filter(u -> u != me).toArray();
            Long expires = active ? TypingLimiter.EXPIRES_MS : null;
            if (others.length > 0) fanout.publish(others, Json.write(new LiveFrames.Typing(roomId, me, active, expires)), c.id);
        }
        if (ref != null) c.send(Json.write(new LiveFrames.Ok(ref)));
    }
}
