package dev.confab.gateway;

import dev.confab.account.Accounts;
import dev.confab.account.Profiles;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.fanout.Envelope;
import dev.confab.fanout.Fanout;
import dev.confab.fanout.RoomAudience;
import dev.confab.presence.Presence;
import dev.confab.presence.TypingLimiter;
import dev.confab.wire.Json;
import dev.confab.wire.LiveFrames;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ephemeral signals on the socket: presence (online / last seen, pushed to the people allowed to
 * see it) and typing. Nothing here is stored except the user's last-seen time.
 *
 * <p>A user counts as online while a device is connected to any node ({@link Presence}).
 * Announcements for one user run one after another on this node and each announces the state at
 * the time it runs, so a quick connect/disconnect can never leave watchers with a stale "online";
 * the presence port remembers the last announced state, so a change seen by two nodes is told once.
 */
public final class LiveSignals {
    private static final Logger log = LoggerFactory.getLogger(LiveSignals.class);

    private final Presence presence;
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

    /** Whether a member may post in a room: only they may show as typing there (not a channel's readers). */
    public interface PostingRight {
        boolean mayPost(long roomId, long userId);
    }

    public LiveSignals(
            Presence presence,
            Profiles profiles,
            Accounts accounts,
            Fanout fanout,
            RoomAudience rooms,
            PostingRight posting,
            Clock clock) {
        this.presence = presence;
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

    /**
     * Records last seen (every connect and disconnect, as before presence existed) and announces a
     * change of state. Who may see it is read before last seen is written: once last seen shows the
     * change, its audience was fixed by the privacy settings of that moment, not of a later change
     * (a user who hides their last seen and then goes offline is not announced to anyone).
     */
    private void reconcile(long userId) {
        presence.refresh(userId);
        boolean isOnline = presence.online(userId);
        long[] audience = presence.announce(userId, isOnline) ? profiles.presenceAudience(userId) : null;
        Instant at = accounts.seen(userId);
        if (audience != null && audience.length > 0)
            fanout.publish(Envelope.toUsers(audience, Json.write(new LiveFrames.Presence(userId, isOnline, at)), 0));
    }

    private void inOrder(long userId, Runnable work) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.debug("presence update of {} failed: {}", userId, e.toString());
            }
        };
        CompletableFuture<Void> next = queues.compute(
                userId,
                (k, tail) -> tail == null
                        ? CompletableFuture.runAsync(guarded, executor)
                        : tail.thenRunAsync(guarded, executor));
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
        if (Arrays.binarySearch(members, me) < 0)
            throw new ConfabException(ErrorCode.ROOM_NOT_FOUND); // audiences are sorted
        if (typing.allow(me, roomId, active, clock.millis())) {
            // checked only for what would be forwarded, so the limiter also bounds these lookups
            if (!posting.mayPost(roomId, me))
                throw new ConfabException(ErrorCode.FORBIDDEN, "Only members who may post can show as typing.");
            Long expires = active ? TypingLimiter.EXPIRES_MS : null;
            if (members.length > 1)
                fanout.publish(Envelope.roomSignal(
                        roomId, me, Json.write(new LiveFrames.Typing(roomId, me, active, expires)), c.id));
        }
        if (ref != null) c.send(Json.write(new LiveFrames.Ok(ref)));
    }
}
