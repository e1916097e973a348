package dev.confab.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * What a device knows: each message once (by id), per room in seq order, and the latest receipt
 * (by pos) per member and room. Thread-safe; waiters are woken on every change.
 */
final class MessageStore {
    private record Key(long roomId, long userId) {}

    private final NavigableMap<Long, Message> byId = new TreeMap<>();
    private final Map<Long, NavigableMap<Long, Message>> byRoom = new HashMap<>();
    private final Map<Key, Receipt> receipts = new HashMap<>();
    private int duplicates;

    /** Keeps the messages not seen before and returns them, in the given order. */
    synchronized List<Message> addAll(Collection<Message> messages) {
        List<Message> added = new ArrayList<>();
        for (Message m : messages) {
            if (byId.putIfAbsent(m.id(), m) != null) {
                duplicates++;
                continue;
            }
            byRoom.computeIfAbsent(m.roomId(), room -> new TreeMap<>()).put(m.seq(), m);
            added.add(m);
            if ("message.deleted".equals(m.kind()) && m.data() != null) {
                tombstone(m.roomId(), m.data().path("seq").asLong());
            }
        }
        notifyAll();
        return added;
    }

    /** A message deleted for everyone keeps its place (id, seq, sender, time) and loses its content. */
    private void tombstone(long roomId, long seq) {
        NavigableMap<Long, Message> room = byRoom.get(roomId);
        Message m = room == null ? null : room.get(seq);
        if (m == null || "deleted".equals(m.kind())) {
            return;
        }
        Message gone = new Message(
                m.id(), m.roomId(), m.seq(), m.senderId(), m.clientId(), "deleted", null, null, m.createdAt());
        room.put(seq, gone);
        byId.put(m.id(), gone);
    }

    /**
     * Applies an edit to the message it changes, if known and not deleted. Edits carry the full new
     * text, so applying one twice (live, then again in sync) changes nothing.
     */
    synchronized boolean applyEdit(Edit e) {
        Message m = byId.get(e.messageId());
        if (m == null || "deleted".equals(m.kind())) {
            return false;
        }
        replace(m.edited(e));
        return true;
    }

    /**
     * Applies a reaction change: the emoji's count is the one the event carries (the total after
     * it), and the user joins or leaves its list, so replaying the event is harmless.
     */
    synchronized boolean applyReaction(ReactionChange r, long me) {
        Message m = byId.get(r.messageId());
        if (m == null || "deleted".equals(m.kind())) {
            return false;
        }
        List<Reaction> reactions = new ArrayList<>();
        boolean found = false;
        for (Reaction x : m.reactions()) {
            if (!x.emoji().equals(r.emoji())) {
                reactions.add(x);
                continue;
            }
            found = true;
            if (r.count() > 0) {
                reactions.add(changed(x, r, me));
            }
        }
        if (!found && r.count() > 0) {
            reactions.add(changed(new Reaction(r.emoji(), 0, List.of(), false), r, me));
        }
        replace(m.withReactions(reactions));
        return true;
    }

    private static Reaction changed(Reaction x, ReactionChange r, long me) {
        List<Long> users = new ArrayList<>(x.userIds());
        users.remove(r.userId());
        if (r.added()) {
            users.add(r.userId());
        }
        boolean mine = r.userId() == me ? r.added() : x.mine();
        return new Reaction(r.emoji(), r.count(), users, mine);
    }

    private void replace(Message m) {
        byId.put(m.id(), m);
        byRoom.computeIfAbsent(m.roomId(), room -> new TreeMap<>()).put(m.seq(), m);
        notifyAll();
    }

    /** Keeps {@code receipt} unless one with the same or a higher pos is already known. */
    synchronized boolean apply(Receipt receipt) {
        Key key = new Key(receipt.roomId(), receipt.userId());
        Receipt known = receipts.get(key);
        if (known != null && known.pos() >= receipt.pos()) {
            return false;
        }
        receipts.put(key, receipt);
        notifyAll();
        return true;
    }

    synchronized List<Message> messages(long roomId) {
        NavigableMap<Long, Message> room = byRoom.get(roomId);
        return room == null ? List.of() : List.copyOf(room.values());
    }

    /** All messages in id order, which is the server's commit order. */
    synchronized List<Message> all() {
        return List.copyOf(byId.values());
    }

    synchronized Receipt receipt(long roomId, long userId) {
        return receipts.get(new Key(roomId, userId));
    }

    synchronized int duplicates() {
        return duplicates;
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized int size(long roomId) {
        NavigableMap<Long, Message> room = byRoom.get(roomId);
        return room == null ? 0 : room.size();
    }

    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        }
    }

    /** The highest seq per room among {@code arrivals}: one delivery acknowledgement per room. */
    static Map<Long, Long> highestSeqByRoom(Collection<Message> arrivals) {
        Map<Long, Long> highest = new TreeMap<>();
        for (Message m : arrivals) {
            highest.merge(m.roomId(), m.seq(), Math::max);
        }
        return highest;
    }
}
