package dev.confab.push;

import dev.confab.notify.Decision;
import dev.confab.wire.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who gets a push for what was committed, off the commit thread. It reads the stream from
 * where it last stopped (kept in the store), so a restart or a crash between a commit and its
 * planning loses nothing: the plan (outbox rows) and the new position are written together.
 *
 * <p>Per recipient the decision is constant time ({@link Decision}): levels, mute and read
 * position come with the member row, a mention from the message's own list. Several messages to
 * the same person in the same room within one batch make one push (with a count): the push
 * service would collapse them under the room's Topic anyway.
 */
public final class PushPlanner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushPlanner.class);
    private static final int BATCH_MESSAGES = 500;
    private static final java.time.Duration POSITION_EVERY = java.time.Duration.ofSeconds(5);
    /**
     * Rounds start at most this often. Each round is a read transaction of about six queries
     * whatever it finds, and a busy server commits hundreds of batches a second: planning each on
     * its own took a fifth of the server's CPU in the fan-out benchmark. A push waits at most this
     * much longer, which no one can tell behind the push service's own delivery.
     */
    static final long ROUND_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PushStore store;
    private final Function<Collection<Long>, Set<Long>> sessionsWithSocket;
    private final Clock clock;
    private final int previewChars;
    private final Runnable planned;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>(1);
    private final Thread thread;
    private volatile boolean running = true;
    private Instant positionWritten = Instant.EPOCH;

    /**
     * @param sessionsWithSocket the sessions of these users with a socket open on any node (their
     *     devices get live frames instead); with several nodes the planner of any one may plan a
     *     change, so a socket on another node must count too
     * @param planned            called after new pushes were stored (wakes the sender)
     */
    public PushPlanner(
            PushStore store,
            Function<Collection<Long>, Set<Long>> sessionsWithSocket,
            Clock clock,
            int previewChars,
            Runnable planned) {
        this.store = store;
        this.sessionsWithSocket = sessionsWithSocket;
        this.clock = clock;
        this.previewChars = previewChars;
        this.planned = planned;
        this.thread = Thread.ofPlatform().name("push-planner").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Something was committed: plan it soon. Cheap, never blocks (called on the commit thread). */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /** The end of the last batch planned, whether or not it was written yet; -1 before the first. */
    private volatile long pos = -1;

    /**
     * The position in the store as this planner last read or wrote it. Every node runs a planner on
     * the shared store; a plan is stored only if the position is still this one, so two planners
     * never both store pushes for the same change: the one that lost reads the position again.
     */
    private volatile long written = -1;

    private volatile boolean positionUnwritten;

    private void run() {
        long roundStarted = System.nanoTime() - ROUND_EVERY_NANOS;
        while (running) {
            try {
                if (pos < 0) pos = written = store.plannedPosition();
                wakeups.poll(5, TimeUnit.SECONDS);
                long early = roundStarted + ROUND_EVERY_NANOS - System.nanoTime();
                if (early > 0) TimeUnit.NANOSECONDS.sleep(early); // the commits meanwhile join this round
                roundStarted = System.nanoTime();
                while (running) {
                    PushStore.Work work = store.work(pos, BATCH_MESSAGES, clock.instant());
                    if (work.end() <= pos) break;
                    Boolean pushed = plan(work);
                    if (pushed == null) {
                        pos = written = store.plannedPosition(); // another node planned it
                        continue;
                    }
                    if (pushed) planned.run();
                    pos = work.end();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the position did not move: the same changes are planned again on the next round
                log.warn("push planning failed, retrying: {}", e.toString());
                pos = -1;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private record Key(long userId, long roomId) {}

    private record Hit(PushStore.Posted message, PushStore.Candidate to, boolean mentioned, int count) {}

    /** Plans one batch; true when it planned any push, null when another planner had stored it first. */
    Boolean plan(PushStore.Work work) {
        Instant now = clock.instant();
        long nowMs = now.toEpochMilli();
        Map<Key, Hit> hits = new LinkedHashMap<>();
        for (PushStore.Posted m : work.messages()) {
            for (PushStore.Candidate c : work.candidates().getOrDefault(m.roomId(), List.of())) {
                if (c.userId() == m.senderId() || m.seq() <= c.joinedSeq() || c.readSeq() >= m.seq()) continue;
                boolean mentioned = Arrays.binarySearch(m.mentions(), c.userId()) >= 0;
                if (!Decision.notifies(c.roomLevel(), c.mutedUntilMs(), c.accountLevel(), mentioned, nowMs)) continue;
                hits.merge(
                        new Key(c.userId(), m.roomId()),
                        new Hit(m, c, mentioned, 1),
                        (old, nu) ->
                                new Hit(nu.message(), nu.to(), old.mentioned() || nu.mentioned(), old.count() + 1));
            }
        }
        Set<Long> users = new HashSet<>();
        hits.keySet().forEach(k -> users.add(k.userId()));
        work.reads().forEach(r -> users.add(r.userId()));
        Map<Long, List<PushTarget>> targets = users.isEmpty() ? Map.of() : store.activeTargets(users, now);
        Map<Long, Long> unread = users.isEmpty() ? Map.of() : store.unread(users);
        Set<Long> withSocket = targets.isEmpty() ? Set.of() : sessionsWithSocket.apply(targets.keySet());

        List<PushStore.Planned> pushes = new ArrayList<>();
        List<PushStore.Badge> badges = new ArrayList<>();
        for (Hit h : hits.values()) {
            PushStore.Posted m = h.message();
            PushStore.RoomInfo room = work.rooms().get(m.roomId());
            boolean direct = room != null && room.direct();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", "message");
            p.put("roomId", m.roomId());
            if (room != null && room.name() != null) p.put("roomName", room.name());
            p.put("direct", direct);
            p.put("seq", m.seq());
            p.put("messageId", m.id());
            p.put("senderId", m.senderId());
            p.put("senderName", work.senderNames().getOrDefault(m.senderId(), ""));
            if (h.to().previews() && m.text() != null) p.put("preview", preview(m.text()));
            p.put("mention", h.mentioned());
            p.put("count", h.count());
            p.put("unread", unread.getOrDefault(h.to().userId(), 0L));
            p.put("at", m.createdAt().toString());
            String payload = Json.write(p);
            String urgency = h.mentioned() || direct ? "high" : "normal";
            int before = pushes.size();
            for (PushTarget t : targets.getOrDefault(h.to().userId(), List.of())) {
                if (!withSocket.contains(t.sessionId()))
                    pushes.add(new PushStore.Planned(t.id(), payload, topic(m.roomId()), urgency));
            }
            if (pushes.size() > before) badges.add(new PushStore.Badge(h.to().userId(), m.roomId(), m.seq()));
        }
        for (PushStore.Read r : work.reads()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", "clear");
            p.put("roomId", r.roomId());
            p.put("seq", r.readSeq());
            p.put("unread", unread.getOrDefault(r.userId(), 0L));
            String payload = Json.write(p);
            for (PushTarget t : targets.getOrDefault(r.userId(), List.of())) {
                if (!withSocket.contains(t.sessionId()))
                    pushes.add(new PushStore.Planned(t.id(), payload, topic(r.roomId()), "normal"));
            }
        }
        // Nothing to store: only the position moved. Writing it every time would put a write on the
        // store's single writer for every batch; replaying a few seconds after a crash is harmless.
        boolean nothing = pushes.isEmpty() && badges.isEmpty() && work.reads().isEmpty();
        if (!nothing || now.isAfter(positionWritten.plus(POSITION_EVERY))) {
            if (!store.plan(pushes, badges, work.reads(), written, work.end(), now)) return null;
            written = work.end();
            positionWritten = now;
            positionUnwritten = false;
        } else {
            positionUnwritten = true;
        }
        return !pushes.isEmpty();
    }

    /** A push service keeps only the newest pending message per Topic: one per room. */
    static String topic(long roomId) {
        return "room-" + roomId;
    }

    private String preview(String text) {
        if (text.codePointCount(0, text.length()) <= previewChars) return text;
        return text.substring(0, text.offsetByCodePoints(0, previewChars)) + "…";
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (positionUnwritten && pos >= 0 && !thread.isAlive()) {
            try {
                store.plan(List.of(), List.of(), List.of(), written, pos, clock.instant());
            } catch (RuntimeException e) {
                log.warn("could not record the push planning position: {}", e.toString());
            }
        }
    }
}
