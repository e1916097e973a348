package dev.confab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {
    @Test
    void runsOneOperationAtATimeInOrder() {
        Outbox outbox = new Outbox();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            done.add(outbox.submit(() -> {
                started.add(n);
                CompletableFuture<Void> op = new CompletableFuture<>();
                running.add(op);
                return op;
            }));
        }
        assertThat(started).containsExactly(0);
        running.get(0).complete(null);
        assertThat(started).containsExactly(0, 1);
        assertThat(done.get(0)).isCompleted();
        running.get(1).completeExceptionally(new IllegalStateException("boom"));
        assertThat(done.get(1)).isCompletedExceptionally();
        assertThat(started).containsExactly(0, 1, 2);
        running.get(2).complete(null);
        assertThat(done).allMatch(CompletableFuture::isDone);
        assertThat(outbox.queued()).isZero();
    }

    @Test
    void manyThreadsNeverOverlap() throws Exception {
        Outbox outbox = new Outbox();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int threads = 4;
        int perThread = 500;
        CountDownLatch all = new CountDownLatch(threads * perThread);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    outbox.submit(() -> {
                                if (inFlight.incrementAndGet() > 1) {
                                    overlaps.incrementAndGet();
                                }
                                return CompletableFuture.runAsync(inFlight::decrementAndGet);
                            })
                            .whenComplete((v, e) -> all.countDown());
                }
            });
        }
        assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
    }
}
