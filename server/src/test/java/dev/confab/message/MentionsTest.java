package dev.confab.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsTest {
    @Test
    void findsDistinctUsernamesAndIgnoresAddressesAndShortNames() {
        assertThat(Mentions.usernames("hi @Bob and @carol_1, thanks @bob.")).containsExactly("bob", "carol_1");
        assertThat(Mentions.usernames("write to bob@example.org or @@bob")).isEmpty();
        assertThat(Mentions.usernames("@al is too short, @ann is not")).containsExactly("ann");
        assertThat(Mentions.usernames("no mentions here")).isEmpty();
        assertThat(Mentions.usernames(null)).isEmpty();
    }

    @Test
    void atMostTwentyPerMessage() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) text.append("@user").append(i).append(' ');
        assertThat(Mentions.usernames(text.toString()))
                .hasSize(Mentions.MAX_PER_MESSAGE)
                .first()
                .isEqualTo("user0");
    }
}
