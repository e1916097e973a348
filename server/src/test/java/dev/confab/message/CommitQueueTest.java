package dev.confab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batching rules of the commit path, with a store written for the test: it records batch sizes,
 * can hold a commit open, and fails on demand (the SQL stores are tested for real in StoreContractTest).
 */
class CommitQueueTest {
    private static final CommitMetrics NO_METRICS = (writes, nanos) -> {};

    static final class RecordingStore implements CommitQueue.Committer {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCommitEntered = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        volatile boolean failBatches;
        volatile boolean down;
        volatile String poison;
        long seq;

        @Override
        public synchronized List<Outcome> commit(List<Write> writes, Instant now) {
            if (batches.isEmpty()) {
                firstCommitEntered.countDown();
                try {
                    releaseFirst.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batches.add(writes.size());
            if (down) throw new IllegalStateException("store down");
            if (failBatches && writes.size() > 1) throw new IllegalStateException("batch failed");
            List<Outcome> out = new ArrayList<>();
            for (Write w : writes) {
                Write.Post p = (Write.Post) w;
                if (p.text().equals(poison)) throw new IllegalStateException("poisoned");
                out.add(new Outcome.Posted(
                        new Message(++seq, p.roomId(), seq, p.senderId(), p.clientId(), new Body.Text(p.text()), now),
                        false));
            }
            return out;
        }
    }

    private static Write post(int i) {
        return new Write.Post(1, 1, "c" + i, "text " + i);
    }

    @Test
    void theNextBatchCommitsWhileTheLastOneFansOutAndAnswersKeepCommitOrder() throws Exception {
        RecordingStore store = new RecordingStore();
        store.releaseFirst.countDown();
        CountDownLatch fanOutEntered = new CountDownLatch(1);
        CountDownLatch releaseFanOut = new CountDownLatch(1);
        List<Long> fannedOut = new CopyOnWriteArrayList<>();
        try (CommitQueue q = new CommitQueue(store, Clock.systemUTC(), 64, NO_METRICS, (w, o, origin) -> {
            long id = ((Outcome.Posted) o).message().id();
            if (id == 1) {
                fanOutEntered.countDown();
                try {
                    releaseFanOut.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            fannedOut.add(id);
        })) {
            CompletableFuture<Outcome> first = q.submit(post(0), 0);
            assertThat(fanOutEntered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Outcome> second = q.submit(post(1), 0);
            // committed while the first batch is still being fanned out...
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (store.batches.size() < 2 && System.nanoTime() < deadline) Thread.sleep(1);
            assertThat(store.batches).hasSize(2);
            // ...but neither answered nor fanned out before the first
            Thread.sleep(50);
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
            releaseFanOut.countDown();
            second.get(5, TimeUnit.SECONDS);
            assertThat(first).isDone();
            assertThat(fannedOut).containsExactly(1L, 2L);
        }
    }

    @Test
    void writesThatArriveDuringACommitGoTogetherInTheNextOne() throws Exception {
        RecordingStore store = new RecordingStore();
        List<Long> fannedOut = new CopyOnWriteArrayList<>();
        try (CommitQueue q = new CommitQueue(
                store,
                Clock.systemUTC(),
                64,
                NO_METRICS,
                (w, o, origin) -> fannedOut.add(((Outcome.Posted) o).message().id()))) {
            CompletableFuture<Outcome> first = q.submit(post(0), 0);
            assertThat(store.firstCommitEntered.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Outcome>> rest = new ArrayList<>();
            for (int i = 1; i <= 100; i++) rest.add(q.submit(post(i), 0));
            store.releaseFirst.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (var f : rest) f.get(5, TimeUnit.SECONDS);
        }
        assertThat(store.batches).containsExactly(1, 64, 36);
        assertThat(fannedOut).isSorted().hasSize(101);
    }

    @Test
    void aFailedBatchIsRetriedOneByOneSoOnlyTheBadWriteFails() throws Exception {
        RecordingStore store = new RecordingStore();
        store.failBatches = true;
        store.poison = "text 3";
        try (CommitQueue q = new CommitQueue(store, Clock.systemUTC(), 64, NO_METRICS, (w, o, origin) -> {})) {
            q.submit(post(0), 0);
            assertThat(store.firstCommitEntered.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Outcome>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) rest.add(q.submit(post(i), 0));
            store.releaseFirst.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (var f : rest) outcomes.add(f.get(5, TimeUnit.SECONDS));
            assertThat(outcomes.get(2))
                    .as("the bad write")
                    .isEqualTo(new Outcome.Rejected(ErrorCode.STORE_UNAVAILABLE));
            for (int i : new int[] {0, 1, 3, 4}) {
                assertThat(outcomes.get(i))
                        .as("good neighbour %d", i)
                        .isInstanceOfSatisfying(
                                Outcome.Posted.class,
                                p -> assertThat(p.message().text()).isEqualTo("text " + (i + 1)));
            }
            assertThat(store.batches).containsExactly(1, 5, 1, 1, 1, 1, 1);
        }
    }

    @Test
    void whenTheStoreIsDownTwoFailedRetriesEndTheRetriesAndTheRestFailAtOnce() throws Exception {
        RecordingStore store = new RecordingStore();
        try (CommitQueue q = new CommitQueue(store, Clock.systemUTC(), 64, NO_METRICS, (w, o, origin) -> {})) {
            CompletableFuture<Outcome> first = q.submit(post(0), 0);
            assertThat(store.firstCommitEntered.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Outcome>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) rest.add(q.submit(post(i), 0));
            store.down = true;
            store.releaseFirst.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new Outcome.Rejected(ErrorCode.STORE_UNAVAILABLE));
            for (var f : rest)
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(new Outcome.Rejected(ErrorCode.STORE_UNAVAILABLE));
            assertThat(store.batches)
                    .as("the batch, then two single retries; the other three are not tried")
                    .containsExactly(1, 5, 1, 1);
        }
    }

    @Test
    void closingCommitsWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        RecordingStore store = new RecordingStore();
        CommitQueue q = new CommitQueue(store, Clock.systemUTC(), 64, NO_METRICS, (w, o, origin) -> {});
        CompletableFuture<Outcome> first = q.submit(post(0), 0);
        assertThat(store.firstCommitEntered.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Outcome>> queued = new ArrayList<>();
        for (int i = 1; i <= 10; i++) queued.add(q.submit(post(i), 0));
        Thread closer = Thread.ofVirtual().start(q::close);
        store.releaseFirst.countDown();
        closer.join(5000);
        assertThat(first).isCompleted();
        for (var f : queued) assertThat(f.get(1, TimeUnit.SECONDS)).isInstanceOf(Outcome.Posted.class);
        assertThatThrownBy(() -> q.submit(post(99), 0).get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }
}
