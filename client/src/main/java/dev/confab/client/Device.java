package dev.confab.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device as a real app runs it: on {@link #connect()} it opens a socket, catches up with
 * {@code sync} from its sync token until nothing more is pending, then stays live. It keeps every
 * message it learns of once (live frames and sync batches overlap; duplicates are dropped by id)
 * and the latest receipt per member, and acknowledges delivery of what arrives: after each sync
 * batch or live message, one {@code received} per room for the highest seq that arrived. State
 * and token survive {@link #disconnect()}, so the next {@code connect()} resumes where it stopped.
 * Counts include system messages ({@code room.created}, {@code members.added}).
 */
public final class Device implements AutoCloseable {
    static final int SYNC_LIMIT = 200;
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final ConfabClient client;
    private final MessageStore store = new MessageStore();
    private volatile long syncToken;
    private volatile ChatSocket socket;

    public Device(ConfabClient client) {
        this.client = client;
    }

    /** Connects and catches up; returns once the last sync batch is applied. */
    public synchronized void connect() {
        if (socket != null && socket.isOpen()) {
            throw new IllegalStateException("already connected");
        }
        ChatSocket s = client.connect(new Live());
        socket = s;
        try {
            await(s.hello());
            SyncBatch batch;
            do {
                batch = await(s.sync(syncToken, SYNC_LIMIT));
                apply(s, batch);
            } while (batch.more());
        } catch (RuntimeException e) {
            s.abort();
            throw e;
        }
    }

    /** Closes the socket, keeping messages, receipts and the sync token. */
    public synchronized void disconnect() {
        ChatSocket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    public ConfabClient client() {
        return client;
    }

    /** The current (or last) socket; null before the first {@link #connect()}. */
    public ChatSocket socket() {
        return socket;
    }

    public long syncToken() {
        return syncToken;
    }

    /** This room's messages in seq order. */
    public List<Message> messages(long roomId) {
        return store.messages(roomId);
    }

    /** Every message in id (commit) order. */
    public List<Message> allMessages() {
        return store.all();
    }

    /** The latest known cursors of {@code userId} in {@code roomId}, or null. */
    public Receipt receipt(long roomId, long userId) {
        return store.receipt(roomId, userId);
    }

    public int duplicatesDropped() {
        return store.duplicates();
    }

    public boolean awaitMessages(long roomId, int count, Duration timeout) {
        return store.await(() -> store.size(roomId) >= count, timeout);
    }

    public boolean awaitTotal(int count, Duration timeout) {
        return store.await(() -> store.size() >= count, timeout);
    }

    private void apply(ChatSocket s, SyncBatch batch) {
        List<Message> messages = new ArrayList<>();
        for (SyncEvent event : batch.events()) {
            if (event.message() != null) {
                messages.add(event.message());
            } else if (event.receipt() != null) {
                store.apply(event.receipt());
            } else if (event.edit() != null || event.reaction() != null) {
                // an edit or reaction follows the message it changes: add what came before it first
                acknowledge(s, store.addAll(messages));
                messages.clear();
                if (event.edit() != null) {
                    store.applyEdit(event.edit());
                } else {
                    store.applyReaction(event.reaction(), client.user().id());
                }
            }
        }
        acknowledge(s, store.addAll(messages));
        syncToken = Math.max(syncToken, batch.next());
    }

    private static void acknowledge(ChatSocket s, List<Message> arrivals) {
        for (Map.Entry<Long, Long> room :
                MessageStore.highestSeqByRoom(arrivals).entrySet()) {
            s.received(room.getKey(), room.getValue());
        }
    }

    private static <T> T await(CompletableFuture<T> reply) {
        try {
            return reply.get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ConfabException c
                    ? c
                    : new ConfabException(0, "io_error", String.valueOf(e.getCause()), null, e.getCause());
        } catch (TimeoutException e) {
            throw new ConfabException(0, "timeout", "no reply within " + REPLY_TIMEOUT, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfabException(0, "interrupted", "while waiting for a reply", null, e);
        }
    }

    /** Live frames of one connection. */
    private final class Live implements SocketListener {
        private volatile ChatSocket mine;

        @Override
        public void onOpen(ChatSocket s) {
            mine = s;
        }

        @Override
        public void onMessage(Message message) {
            acknowledge(mine, store.addAll(List.of(message)));
        }

        @Override
        public void onReceipt(Receipt receipt) {
            store.apply(receipt);
        }

        @Override
        public void onEdit(Edit edit) {
            store.applyEdit(edit);
        }

        @Override
        public void onReaction(ReactionChange reaction) {
            store.applyReaction(reaction, client.user().id());
        }
    }
}
