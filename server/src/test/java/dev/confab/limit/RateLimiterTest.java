package dev.confab.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter("messages", RateRule.parse("3/3s"), now::get);

    @Test
    void aBurstOfTheCountThenOneTokenPerSliceOfTheWindow() {
        for (int i = 0; i < 3; i++) assertThat(limiter.tryAcquire(7)).isZero();
        assertThat(limiter.tryAcquire(7)).isBetween(999_999_999L, 1_000_000_001L); // one token takes a third of 3 s
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(limiter.tryAcquire(7)).isPositive();
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(limiter.tryAcquire(7)).isZero();
        assertThat(limiter.tryAcquire(8)).as("users have buckets of their own").isZero();
    }

    @Test
    void aRefusalSaysWhenToRetry() {
        for (int i = 0; i < 3; i++) limiter.acquire(7);
        assertThatThrownBy(() -> limiter.acquire(7)).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.retryAfterMs()).isBetween(1000L, 1001L);
        });
    }

    @Test
    void idleBucketsAreSweptAndComeBackFull() {
        limiter.acquire(7);
        limiter.sweep();
        assertThat(limiter.tryAcquire(7)).as("not yet full, so kept").isZero();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        limiter.sweep();
        for (int i = 0; i < 3; i++) assertThat(limiter.tryAcquire(7)).isZero();
    }

    @Test
    void rulesParseAndRefuseNonsense() {
        assertThat(RateRule.parse("60/10s")).isEqualTo(new RateRule(60, Duration.ofSeconds(10)));
        assertThat(RateRule.parse("20/1h").window()).isEqualTo(Duration.ofHours(1));
        assertThat(RateRule.parse("5/250ms").window()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> RateRule.parse("ten per minute")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateRule.parse("0/1m")).isInstanceOf(IllegalArgumentException.class);
    }
}
