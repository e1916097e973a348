package dev.confab.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Backoff<String> backoff =
            new Backoff<>(3, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10), now::get);

    @Test
    void theFreeFailuresCostNothingThenEachFurtherOneDoublesTheWaitUpToTheMax() {
        for (int i = 0; i < 2; i++) backoff.failed("k");
        assertThat(backoff.waitNanos("k")).isZero();
        backoff.failed("k");
        assertThat(backoff.waitNanos("k")).isEqualTo(seconds(1));
        long[] expected = {2, 4, 5, 5};
        for (long e : expected) {
            now.addAndGet(backoff.waitNanos("k"));
            assertThat(backoff.waitNanos("k")).isZero();
            backoff.failed("k");
            assertThat(backoff.waitNanos("k")).isEqualTo(seconds(e));
        }
        assertThat(backoff.waitNanos("other")).as("keys are independent").isZero();
    }

    @Test
    void successForgetsAndSoDoesAQuietPeriod() {
        for (int i = 0; i < 5; i++) backoff.failed("a");
        backoff.succeeded("a");
        assertThat(backoff.waitNanos("a")).isZero();
        backoff.failed("a");
        assertThat(backoff.waitNanos("a")).as("counting starts over").isZero();

        for (int i = 0; i < 5; i++) backoff.failed("b");
        assertThat(backoff.waitNanos("b")).isPositive();
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        backoff.failed("b");
        assertThat(backoff.waitNanos("b"))
                .as("after a quiet period the first failure is free again")
                .isZero();
    }

    @Test
    void sweepDropsOnlyKeysQuietLongEnough() {
        backoff.failed("old");
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        backoff.failed("recent");
        backoff.sweep();
        assertThat(backoff.size()).isEqualTo(1);
        backoff.failed("recent");
        backoff.failed("recent");
        assertThat(backoff.waitNanos("recent"))
                .as("the kept key kept its count")
                .isEqualTo(seconds(1));
    }

    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }
}
