package dev.confab.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations strictly one after another. {@link java.net.http.WebSocket} refuses
 * a send while the previous one is still outstanding; this queues sends from any thread instead.
 */
final class Outbox {
    private record Op(Supplier<? extends CompletionStage<?>> start, CompletableFuture<Void> done) {}

    private final Deque<Op> queue = new ArrayDeque<>();
    private boolean busy;

    /** Queues {@code start}; it runs once every earlier operation has completed. */
    CompletableFuture<Void> submit(Supplier<? extends CompletionStage<?>> start) {
        Op op = new Op(start, new CompletableFuture<>());
        synchronized (this) {
            queue.add(op);
            if (busy) {
                return op.done;
            }
            busy = true;
        }
        drain();
        return op.done;
    }

    synchronized int queued() {
        return queue.size();
    }

    private void drain() {
        while (true) {
            Op op;
            synchronized (this) {
                op = queue.poll();
                if (op == null) {
                    busy = false;
                    return;
                }
            }
            CompletableFuture<?> running;
            try {
                running = op.start.get().toCompletableFuture();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            if (!running.isDone()) {
                running.whenComplete((ignored, error) -> {
                    settle(op, error);
                    drain();
                });
                return;
            }
            settle(op, running.handle((ignored, error) -> error).join());
        }
    }

    private static void settle(Op op, Throwable error) {
        if (error == null) {
            op.done.complete(null);
        } else {
            op.done.completeExceptionally(
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        }
    }
}
