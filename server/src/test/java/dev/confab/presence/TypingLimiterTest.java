package dev.confab.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypingLimiterTest {
    private final TypingLimiter limiter = new TypingLimiter();

    @Test
    void atMostOneStartPerTwoSecondsPerUserAndRoom() {
        assertThat(limiter.allow(1, 10, true, 1_000)).isTrue();
        assertThat(limiter.allow(1, 10, true, 1_500)).isFalse();
        assertThat(limiter.allow(1, 10, true, 2_999)).isFalse();
        assertThat(limiter.allow(2, 10, true, 1_500)).as("another user").isTrue();
        assertThat(limiter.allow(1, 11, true, 1_500)).as("another room").isTrue();
        assertThat(limiter.allow(1, 10, true, 3_000)).isTrue();
    }

    @Test
    void aStopIsForwardedOnlyWhenItEndsAStartStillShown() {
        assertThat(limiter.allow(1, 10, false, 0)).as("nothing to stop").isFalse();
        assertThat(limiter.allow(1, 10, true, 1_000)).isTrue();
        assertThat(limiter.allow(1, 10, false, 1_200)).isTrue();
        assertThat(limiter.allow(1, 10, false, 1_300)).as("already stopped").isFalse();
        assertThat(limiter.allow(1, 10, true, 1_400))
                .as("restart within the interval")
                .isFalse();
        assertThat(limiter.allow(1, 10, true, 5_000)).isTrue();
        assertThat(limiter.allow(1, 10, false, 11_000))
                .as("the indicator expired by itself")
                .isFalse();
    }

    @Test
    void forgetsOldEntries() {
        for (int room = 0; room < 100; room++) limiter.allow(1, room, true, 0);
        assertThat(limiter.tracked()).isEqualTo(100);
        limiter.allow(2, 1, true, 60_000);
        assertThat(limiter.tracked()).isEqualTo(1);
    }
}
