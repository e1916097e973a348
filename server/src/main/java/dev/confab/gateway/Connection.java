package dev.confab.gateway;

import dev.confab.account.Principal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One device's socket with a bounded send queue. Frames are written one at a time; while one is in
 * flight the rest wait in the queue, and a device that lets the queue fill up is disconnected
 * (close 4008) instead of holding memory or slowing the writer that fans out to everyone else.
 *
 * <p>{@link #send} never writes to the socket itself: when the connection is idle it hands the
 * write to the {@code writes} executor. The caller is often the single commit thread fanning a
 * message out to every member; writing there (a syscall per recipient) made it spend most of its
 * time in socket writes instead of committing (docs/benchmarks.md, profile).
 *
 * <p>Frames are UTF-8 bytes encoded once by whoever fans them out, shared read-only by every
 * recipient. The frames that queued up while a write was in flight leave together: Jetty batches
 * all but the last of them into one buffer and writes that with the last one, so a socket that is
 * owed a message and the sender's receipt gets one system call, not two (docs/benchmarks.md).
 */
final class Connection {
    static final int CLOSE_SLOW_CONSUMER = 4008;
    /**
     * While no socket write is pending, frames wait only for the write pool, which is not the
     * device's fault, so they may queue past {@code capacity} (one group commit alone can put
     * hundreds of acknowledgements on the sender's socket); but never without bound.
     */
    private static final int UNBLOCKED_FACTOR = 8;

    private static final int UNBLOCKED_MIN = 4096;
    /** At most this much goes to Jetty in one write round, so one round cannot hold a socket's memory hostage. */
    private static final int ROUND_FRAMES = 64;

    private static final int ROUND_BYTES = 64 * 1024;

    final long id;
    final Principal principal;
    private final Session session;
    private final CoreSession socket;
    private final int capacity;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Bounds the queue by size too: a few huge frames (history pages) hold as much as thousands of small ones. */
    private final QueuedBytes bytes;

    private long queuedBytes;
    /** history and sync requests whose answer is still being computed. */
    final AtomicInteger pendingReads = new AtomicInteger();

    private final Runnable onOverflow;
    private final Executor writes;
    /** A write is scheduled, running or in flight (or the connection is not started yet). */
    private boolean writing = true;
    /** A socket write did not complete at once and is still pending. */
    private boolean blocked;

    private boolean closed;

    Connection(
            long id,
            Principal principal,
            Session session,
            int capacity,
            QueuedBytes bytes,
            Runnable onOverflow,
            Executor writes) {
        this.id = id;
        this.bytes = bytes;
        this.writes = writes;
        this.principal = principal;
        this.session = session;
        this.socket = ((WebSocketSession) session).getCoreSession();
        this.capacity = capacity;
        this.onOverflow = onOverflow;
    }

    long userId() {
        return principal.userId();
    }

    long sessionId() {
        return principal.sessionId();
    }

    /**
     * Queues a frame; false if the connection is closed or just overflowed. Never blocks. The queue
     * counts against {@code capacity} only while a socket write is pending, i.e. while the device
     * is not reading fast enough; frames waiting for the write task to run are not its fault.
     */
    boolean send(String frame) {
        return send(encode(frame));
    }

    /** A frame's bytes, to be shared by every connection it is sent to (none of them changes it). */
    static ByteBuffer encode(String frame) {
        return ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    /** Like {@link #send(String)}, for a frame already {@link #encode encoded}. */
    boolean send(ByteBuffer frame) {
        boolean overflow = false;
        int size = frame.remaining();
        synchronized (this) {
            if (closed) return false;
            if (writing) {
                if (queue.size() < (blocked ? capacity : Math.max(UNBLOCKED_MIN, UNBLOCKED_FACTOR * capacity))
                        && queuedBytes + size <= bytes.limit()) {
                    queue.add(frame);
                    queuedBytes += size;
                    bytes.add(size);
                    return true;
                }
                closed = true;
                overflow = true;
                clearQueue();
            } else {
                writing = true;
            }
        }
        if (overflow) {
            onOverflow.run();
            session.close(CLOSE_SLOW_CONSUMER, "send queue overflow", Callback.NOOP);
            return false;
        }
        dispatch(frame);
        return true;
    }

    /**
     * Lets queued frames go out. A connection starts held, so that the endpoint can queue
     * {@code hello} and register the connection for live events before the device can see
     * {@code hello}: whatever is fanned out in between queues behind it.
     */
    void start() {
        ByteBuffer first;
        synchronized (this) {
            first = queue.poll();
            if (first == null) {
                writing = false;
                return;
            }
            unqueued(first.remaining());
        }
        dispatch(first);
    }

    private void dispatch(ByteBuffer frame) {
        try {
            writes.execute(() -> writeFrom(frame));
        } catch (RejectedExecutionException e) {
            writeFrom(frame); // the executor is shutting down: write on this thread
        }
    }

    /**
     * Writes rounds of frames until the queue is empty or a round's write goes asynchronous (its
     * callback continues). A round is {@code first} plus what queued behind it.
     */
    private void writeFrom(ByteBuffer first) {
        List<ByteBuffer> round = new ArrayList<>();
        ByteBuffer frame = first;
        while (frame != null) {
            round.add(frame);
            takeQueued(round, frame.remaining());
            // 0: in flight; 1: completed inside sendFrame (continue this loop); 2: sendFrame returned first;
            // 3: completed after sendFrame returned.
            AtomicInteger state = new AtomicInteger();
            int last = round.size() - 1;
            for (int i = 0; i < last; i++) socket.sendFrame(textFrame(round.get(i)), batchedFailure, true);
            socket.sendFrame(
                    textFrame(round.get(last)),
                    new org.eclipse.jetty.util.Callback() {
                        @Override
                        public void succeeded() {
                            if (!state.compareAndSet(0, 1)) {
                                state.set(3);
                                synchronized (Connection.this) {
                                    blocked = false;
                                }
                                writeFrom(nextOrIdle());
                            }
                        }

                        @Override
                        public void failed(Throwable cause) {
                            writeFailed();
                        }
                    },
                    false);
            round.clear();
            if (state.compareAndSet(0, 2)) {
                synchronized (this) {
                    if (state.get() == 2) blocked = true;
                }
                return;
            }
            frame = nextOrIdle();
        }
    }

    /** A batched frame completes once it is copied into Jetty's batch buffer; only its failure matters. */
    private final org.eclipse.jetty.util.Callback batchedFailure = new org.eclipse.jetty.util.Callback() {
        @Override
        public void failed(Throwable cause) {
            writeFailed();
        }
    };

    private static Frame textFrame(ByteBuffer shared) {
        return new Frame(OpCode.TEXT, shared.duplicate());
    }

    private synchronized void writeFailed() {
        closed = true;
        writing = false;
        blocked = false;
        clearQueue();
    }

    /** Moves queued frames into {@code round}, up to the round's limits. */
    private synchronized void takeQueued(List<ByteBuffer> round, int roundBytes) {
        while (round.size() < ROUND_FRAMES && !queue.isEmpty()) {
            int size = queue.peek().remaining();
            if (roundBytes + size > ROUND_BYTES) break;
            round.add(queue.poll());
            roundBytes += size;
            unqueued(size);
        }
    }

    private synchronized ByteBuffer nextOrIdle() {
        if (closed) {
            writing = false;
            return null;
        }
        ByteBuffer next = queue.poll();
        if (next == null) writing = false;
        else unqueued(next.remaining());
        return next;
    }

    private void unqueued(long n) {
        queuedBytes -= n;
        bytes.add(-n);
    }

    private void clearQueue() {
        queue.clear();
        unqueued(queuedBytes);
    }

    /** Completes once the close frame is written (or writing it failed). */
    CompletableFuture<Void> close(int code, String reason) {
        synchronized (this) {
            closed = true;
            clearQueue();
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

    synchronized int queued() {
        return queue.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The byte limit of every socket's queue, and what all of them hold together (a metric), in
     * encoded bytes.
     */
    static final class QueuedBytes {
        private final long limit;
        private final java.util.concurrent.atomic.LongAdder total = new java.util.concurrent.atomic.LongAdder();

        QueuedBytes(long limit) {
            this.limit = limit;
        }

        long limit() {
            return limit;
        }

        void add(long n) {
            total.add(n);
        }

        long total() {
            return total.sum();
        }
    }
}
