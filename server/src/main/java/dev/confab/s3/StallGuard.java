package dev.confab.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a response body that has been waited on for longer than the timeout without a byte. The JDK
 * client's request timeout stops at the headers, so a server that stalls mid-body would otherwise
 * hold the downloading thread (and the viewer's request) forever. Only time spent inside a read
 * counts: a download that waits on a slow viewer between reads is healthy.
 */
final class StallGuard {
    private static final long SWEEP_MILLIS = 100;
    /** Every open body of every store; one daemon thread looks at their clocks. */
    private static final Set<Guarded> OPEN = ConcurrentHashMap.newKeySet();

    static {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("s3-stall-guard").factory());
        timer.scheduleWithFixedDelay(StallGuard::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private final long limitNanos;

    StallGuard(Duration timeout) {
        this.limitNanos = timeout.toNanos();
    }

    InputStream guard(InputStream body) {
        Guarded g = new Guarded(body, limitNanos);
        OPEN.add(g);
        return g;
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (Guarded g : OPEN) {
            long since = g.readingSince;
            if (since != 0 && now - since > g.limitNanos) g.stall();
        }
    }

    private static final class Guarded extends FilterInputStream {
        private final long limitNanos;
        /** {@link System#nanoTime()} when the read in progress began; 0 between reads. */
        private volatile long readingSince;

        private volatile boolean stalled;

        Guarded(InputStream in, long limitNanos) {
            super(in);
            this.limitNanos = limitNanos;
        }

        @Override
        public int read() throws IOException {
            begin();
            try {
                return super.read();
            } catch (IOException e) {
                throw failure(e);
            } finally {
                readingSince = 0;
            }
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            begin();
            try {
                return super.read(buf, off, len);
            } catch (IOException e) {
                throw failure(e);
            } finally {
                readingSince = 0;
            }
        }

        @Override
        public void close() throws IOException {
            OPEN.remove(this);
            super.close();
        }

        private void begin() throws IOException {
            if (stalled) throw failure(null);
            readingSince = System.nanoTime();
        }

        private void stall() {
            stalled = true;
            try {
                close(); // cancels the exchange, which ends the blocked read
            } catch (IOException ignored) {
                // the read in progress fails either way
            }
        }

        private IOException failure(IOException e) {
            return stalled
                    ? new IOException(
                            "media store sent nothing for "
                                    + Duration.ofNanos(limitNanos).toMillis() + " ms mid-body",
                            e)
                    : e;
        }
    }
}
