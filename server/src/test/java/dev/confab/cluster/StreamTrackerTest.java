package dev.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamTrackerTest {
    @Test
    void eachPositionIsClaimedOnceWhetherItComesInOrderLateOrAgain() {
        StreamTracker t = new StreamTracker(10);
        assertThat(t.accept(10, 0))
                .as("at or below the start: delivered before")
                .isFalse();
        assertThat(t.accept(11, 0)).isTrue();
        assertThat(t.accept(11, 0)).as("the same envelope again").isFalse();
        assertThat(t.accept(13, 0)).as("early: delivered, remembered").isTrue();
        assertThat(t.contiguous()).isEqualTo(11);
        assertThat(t.accept(13, 5)).isFalse();
        assertThat(t.accept(12, 5)).as("the late one closes the gap").isTrue();
        assertThat(t.contiguous()).isEqualTo(13);
    }

    @Test
    void aGapIsOverdueOnlyAfterTheGraceAndAReplayClosesItWithoutRedelivering() {
        StreamTracker t = new StreamTracker(0);
        t.accept(1, 1000);
        t.accept(4, 1000);
        t.accept(6, 1100);
        assertThat(t.overdueGapEnd(1150, 200)).as("within the grace").isEqualTo(-1);
        assertThat(t.overdueGapEnd(1200, 200))
                .as("the gap opened at 1000; fill up to the highest received")
                .isEqualTo(6);
        // the replay claims what the store holds between 1 and 6: 2, 3 and 5 are new, 4 and 6 are not
        assertThat(t.accept(2, 1200)).isTrue();
        assertThat(t.accept(4, 1200)).isFalse();
        assertThat(t.accept(5, 1200)).isTrue();
        t.skipTo(6);
        assertThat(t.contiguous()).isEqualTo(6);
        assertThat(t.overdueGapEnd(9999, 200)).isEqualTo(-1);
        assertThat(t.accept(6, 1300)).isFalse();
        assertThat(t.accept(3, 1300))
                .as("a position skipped by the replay (nothing stored) is never delivered later")
                .isFalse();
    }

    @Test
    void skippingPastEarlyPositionsKeepsTheOnesAboveAndTheirGap() {
        StreamTracker t = new StreamTracker(0);
        t.accept(3, 0);
        t.accept(9, 50);
        t.skipTo(5);
        assertThat(t.contiguous()).isEqualTo(5);
        assertThat(t.accept(9, 60)).isFalse();
        assertThat(t.overdueGapEnd(200, 200))
                .as("the gap below 9 still counts from when it opened")
                .isEqualTo(9);
    }
}
