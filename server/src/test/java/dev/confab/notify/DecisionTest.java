package dev.confab.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionTest {
    private static final long NOW = 1_000_000;

    @Test
    void theRoomLevelWinsOverTheAccountDefault() {
        assertThat(Decision.notifies(null, null, Level.ALL, false, NOW)).isTrue();
        assertThat(Decision.notifies(null, null, Level.NONE, true, NOW)).isFalse();
        assertThat(Decision.notifies(Level.ALL, null, Level.NONE, false, NOW)).isTrue();
        assertThat(Decision.notifies(Level.NONE, null, Level.ALL, true, NOW)).isFalse();
    }

    @Test
    void mentionsOnlyNotifiesForMentions() {
        assertThat(Decision.notifies(Level.MENTIONS, null, Level.ALL, false, NOW))
                .isFalse();
        assertThat(Decision.notifies(Level.MENTIONS, null, Level.ALL, true, NOW))
                .isTrue();
        assertThat(Decision.notifies(null, null, Level.MENTIONS, true, NOW)).isTrue();
    }

    @Test
    void aMuteSilencesEverythingUntilItEnds() {
        assertThat(Decision.notifies(Level.ALL, NOW + 1, Level.ALL, true, NOW)).isFalse();
        assertThat(Decision.notifies(Level.ALL, NOW, Level.ALL, false, NOW))
                .as("ends at the instant")
                .isTrue();
        assertThat(Decision.notifies(Level.MENTIONS, NOW - 1, Level.ALL, true, NOW))
                .isTrue();
    }
}
