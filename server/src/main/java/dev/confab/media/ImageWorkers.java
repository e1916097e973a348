package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A few platform threads for decoding and encoding images, with a short bounded queue: image work
 * is CPU- and memory-heavy, so however many uploads arrive at once only this many images are in
 * memory, and neither the commit writer nor socket threads ever run it. When the queue is full an
 * upload is refused with {@code rate_limited} and a retry hint instead of piling up.
 */
public final class ImageWorkers implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final java.util.function.LongConsumer timed;

    /** {@code timed} receives how long each task ran on the pool, in nanoseconds (not its wait in the queue). */
    public ImageWorkers(int threads, int queue, java.util.function.LongConsumer timed) {
        this.timed = timed;
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name("image-", 0).daemon().factory(),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} on the pool and waits for it (callers are virtual request threads). */
    public <T> T run(Callable<T> work) {
        Future<T> f;
        try {
            f = pool.submit(() -> {
                long start = System.nanoTime();
                try {
                    return work.call();
                } finally {
                    timed.accept(System.nanoTime() - start);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ConfabException(
                    ErrorCode.RATE_LIMITED, "Too many images are being processed; retry shortly.", 1000L);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ConfabException(ErrorCode.SHUTTING_DOWN);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
