package dev.confab.gateway;

import dev.confab.account.Principal;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One device's socket with a bounded send queue. Frames are written one at a time; while one is in
 * flight the rest wait in the queue, and a device that lets the queue fill up is disconnected
 * (close 4008) instead of holding memory or slowing the writer that fans out to everyone else.
 */
final class Connection {
    static final int CLOSE_SLOW_CONSUMER = 4008;

    final long id;
    final Principal principal;
    private final Session session;
    private final int capacity;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Runnable onOverflow;
    private boolean writing;
    private boolean closed;

    private final String first;

    /**
     * {@code first} (the hello) goes out before anything else: until {@link #start()} the
     * connection only queues, so it can be registered for live frames before hello is written.
     */
    Connection(long id, Principal principal, Session session, int capacity, Runnable onOverflow, String first) {
        this.id = id;
        this.principal = principal;
        this.session = session;
        this.capacity = capacity;
        this.onOverflow = onOverflow;
        this.first = first;
        this.writing = true;
    }

    void start() {
        writeFrom(first);
    }

    long userId() { return principal.userId(); }

    long sessionId() { return principal.sessionId(); }

    /** Queues a frame; false if the connection is closed or just overflowed. Never blocks. */
    boolean send(String frame) {
        boolean overflow = false;
        synchronized (this) {
            if (closed) return false;
            if (writing) {
                if (queue.size() < capacity) {
                    queue.add(frame);
                    return true;
                }
                closed = true;
                overflow = true;
                queue.clear();
            } else {
                writing = true;
            }
        }
        if (overflow) {
            onOverflow.run();
            session.close(CLOSE_SLOW_CONSUMER, "send queue overflow", Callback.NOOP);
            return false;
        }
        writeFrom(frame);
        return true;
    }

    /** Writes frames until the queue is empty or a write goes asynchronous (its callback continues). */
    private void writeFrom(String first) {
        String frame = first;
        while (frame != null) {
            // 0: in flight; 1: completed inside sendText (continue this loop); 2: sendText returned first.
            AtomicInteger state = new AtomicInteger();
            session.sendText(frame, new Callback() {
                @Override
                public void succeed() {
                    if (!state.compareAndSet(0, 1)) writeFrom(nextOrIdle());
                }

                @Override
                public void fail(Throwable cause) {
                    synchronized (Connection.this) {
                        closed = true;
                        writing = false;
                        queue.clear();
                    }
                }
            });
            if (state.compareAndSet(0, 2)) return;
            frame = nextOrIdle();
        }
    }

    private synchronized String nextOrIdle() {
        if (closed) {
            writing = false;
            return null;
        }
        String next = queue.poll();
        if (next == null) writing = false;
        return next;
    }

    /** Completes once the close frame is written (or writing it failed). */
    CompletableFuture<Void> close(int code, String reason) {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.close(code, reason, Callback.from(() -> sent.complete(null), failure -> sent.complete(null)));
        return sent;
    }

    /** Stops queueing but lets frames already queued go out before closing (graceful shutdown). */
    CompletableFuture<Void> closeAfterFlush(int code, String reason, long deadlineMillis) {
        long deadline = deadlineMillis;
        while (System.currentTimeMillis() < deadline) {
            synchronized (this) {
                if (!writing && queue.isEmpty()) break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return close(code, reason);
    }

    synchronized int queued() { return queue.size(); }
}
