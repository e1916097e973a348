package dev.confab.media;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs image checks on a few platform threads of their own. Decoding is CPU work: on the virtual
 * threads that every request and socket shares (one carrier per core), eight parallel uploads of a
 * big PNG stalled {@code /healthz} for seconds. Here at most {@code threads} decode at once, a few
 * more wait, and beyond that an upload is refused with {@code rate_limited}.
 */
public final class ImageChecks implements AutoCloseable {
    private static final long BUSY_RETRY_MS = 1000;

    private final long maxPixels;
    private final ThreadPoolExecutor pool;

    public ImageChecks(long maxPixels, int threads, int waiting) {
        this.maxPixels = maxPixels;
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(waiting),
                Thread.ofPlatform().name("image-check-", 0).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Half the cores (at least one) decode; twice as many uploads may wait. */
    public static ImageChecks sizedForThisMachine(long maxPixels) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ImageChecks(maxPixels, threads, 2 * threads);
    }

    /** {@link ImageInspector#inspect}, on the pool; the caller (a virtual thread) waits. */
    public ImageInspector.Inspected inspect(byte[] bytes) {
        CompletableFuture<ImageInspector.Inspected> checked;
        try {
            checked = CompletableFuture.supplyAsync(() -> ImageInspector.inspect(bytes, maxPixels), pool);
        } catch (RejectedExecutionException e) {
            throw new ConfabException(ErrorCode.RATE_LIMITED, "Too many images are being checked; retry in a second.", BUSY_RETRY_MS);
        }
        try {
            return checked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
