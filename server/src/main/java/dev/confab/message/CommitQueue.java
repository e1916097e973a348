package dev.confab.message;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread drains whatever writes piled up while the previous transaction
 * was committing and commits them together. Batches grow with load by themselves; no write waits
 * for a timer. A future completes only after its write is durable.
 *
 * <p>A second thread fans each committed batch out and completes its futures, in commit order,
 * while the writer already commits the next batch: on one thread the two took turns and the writer
 * spent a quarter of its time fanning out (docs/benchmarks.md, direct chats). At most
 * {@link #FANOUT_BACKLOG} committed batches wait for it; then the writer waits too.
 */
public final class CommitQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommitQueue.class);

    private record Pending(Write write, long origin, CompletableFuture<Outcome> result) {}

    private static final Pending STOP = new Pending(null, 0, null);

    private record Committed(List<Pending> batch, List<Outcome> outcomes) {}

    private static final Committed FANOUT_STOP = new Committed(List.of(), List.of());
    static final int FANOUT_BACKLOG = 4;

    private final Committer store;
    private final Clock clock;
    private final int maxBatch;
    private final AfterCommit afterCommit;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final java.util.concurrent.ArrayBlockingQueue<Committed> committed =
            new java.util.concurrent.ArrayBlockingQueue<>(FANOUT_BACKLOG);
    private final Thread fanout;
    private final CommitMetrics metrics;
    private volatile boolean accepting = true;

    /**
     * @param afterCommit called on the fan-out thread for each committed outcome, in commit order,
     *                    before the submitter's future completes (fan-out hooks in here)
     */
    public CommitQueue(Committer store, Clock clock, int maxBatch, CommitMetrics metrics, AfterCommit afterCommit) {
        this.store = store;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.afterCommit = afterCommit;
        this.metrics = metrics;
        this.writer = Thread.ofPlatform().name("commit-writer").daemon(false).unstarted(this::run);
        this.fanout = Thread.ofPlatform().name("commit-fanout").daemon(false).unstarted(this::fanOut);
        this.fanout.start();
        this.writer.start();
    }

    /** Applies a batch of writes in one transaction: one outcome per write, in order; all durable on return, or it throws and nothing was written. */
    @FunctionalInterface
    public interface Committer {
        List<Outcome> commit(List<Write> writes, java.time.Instant now);
    }

    /** Receives each committed write with its outcome; {@code origin} is the submitting connection. */
    @FunctionalInterface
    public interface AfterCommit {
        void committed(Write write, Outcome outcome, long origin);
    }

    public CompletableFuture<Outcome> submit(Write write, long originConnection) {
        if (!accepting) return CompletableFuture.failedFuture(new ConfabException(ErrorCode.SHUTTING_DOWN));
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        queue.add(new Pending(write, originConnection, result));
        return result;
    }

    private void run() {
        try {
            commitUntilStopped();
        } finally {
            handOver(FANOUT_STOP);
        }
    }

    private void commitUntilStopped() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending first = stopping ? queue.poll() : queue.take();
                if (first == null) break;
                if (first == STOP) {
                    stopping = true;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.remove(STOP)) stopping = true;
                List<Write> writes = new ArrayList<>(batch.size());
                for (Pending p : batch) writes.add(p.write());
                List<Outcome> outcomes = commitOrSplit(writes);
                handOver(new Committed(List.copyOf(batch), outcomes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("commit writer failure", e);
                for (Pending p : batch) p.result().completeExceptionally(new ConfabException(ErrorCode.INTERNAL));
            } finally {
                batch.clear();
            }
        }
    }

    /** Waits for room in the fan-out backlog: nothing committed may be dropped, not even while stopping. */
    private void handOver(Committed c) {
        boolean interrupted = false;
        while (true) {
            try {
                committed.put(c);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void fanOut() {
        while (true) {
            Committed c;
            try {
                c = committed.take();
            } catch (InterruptedException e) {
                continue; // the writer's stop marker ends this thread, so that no committed batch goes unanswered
            }
            if (c == FANOUT_STOP) return;
            try {
                publish(c.batch(), c.outcomes());
            } catch (RuntimeException | Error e) {
                log.error("commit fan-out failure", e);
                for (Pending p : c.batch()) p.result().completeExceptionally(new ConfabException(ErrorCode.INTERNAL));
            }
        }
    }

    private void publish(List<Pending> batch, List<Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            Outcome o = outcomes.get(i);
            if (!(o instanceof Outcome.Rejected)) {
                try {
                    afterCommit.committed(p.write(), o, p.origin());
                } catch (RuntimeException e) {
                    log.error("fan-out failed after commit", e);
                }
            }
            p.result().complete(o);
        }
    }

    /**
     * A failed batch is retried one write at a time, so one bad write cannot fail its neighbours: a
     * write whose own commit fails is answered {@code store_unavailable} (nothing of it was written)
     * and the next one is still tried. Two failures in a row mean the store itself is down: the
     * writes after them are answered {@code store_unavailable} at once instead of each waiting for
     * the store to fail again.
     */
    private List<Outcome> commitOrSplit(List<Write> writes) {
        try {
            return timedCommit(writes);
        } catch (RuntimeException batchFailure) {
            log.warn("commit of {} writes failed: {}", writes.size(), batchFailure.toString());
            if (writes.size() == 1) return List.of(new Outcome.Rejected(ErrorCode.STORE_UNAVAILABLE));
            List<Outcome> outcomes = new ArrayList<>(writes.size());
            int failedInARow = 0;
            for (Write w : writes) {
                if (failedInARow >= 2) {
                    outcomes.add(new Outcome.Rejected(ErrorCode.STORE_UNAVAILABLE));
                    continue;
                }
                try {
                    outcomes.add(timedCommit(List.of(w)).getFirst());
                    failedInARow = 0;
                } catch (RuntimeException single) {
                    log.warn("a write failed on its own: {}", single.toString());
                    failedInARow++;
                    outcomes.add(new Outcome.Rejected(ErrorCode.STORE_UNAVAILABLE));
                }
            }
            return outcomes;
        }
    }

    private List<Outcome> timedCommit(List<Write> writes) {
        long start = System.nanoTime();
        List<Outcome> outcomes = store.commit(writes, clock.instant());
        metrics.batchCommitted(writes.size(), System.nanoTime() - start);
        return outcomes;
    }

    /** Stops taking writes, commits everything already queued, and waits for the writer to finish. */
    @Override
    public void close() {
        if (!accepting) return;
        accepting = false;
        queue.add(STOP);
        try {
            writer.join(30_000);
            fanout.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending late; (late = queue.poll()) != null; ) {
            if (late != STOP) late.result().completeExceptionally(new ConfabException(ErrorCode.SHUTTING_DOWN));
        }
    }
}
