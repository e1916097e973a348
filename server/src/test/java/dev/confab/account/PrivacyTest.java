package dev.confab.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivacyTest {
    @ParameterizedTest(name = "{0} seen by self={1} sharesRoom={2} blocked={3} -> {4}")
    @CsvSource({
        "EVERYONE, false, false, false, true",
        "EVERYONE, false, true,  false, true",
        "EVERYONE, false, true,  true,  false",
        "CONTACTS, false, false, false, false",
        "CONTACTS, false, true,  false, true",
        "CONTACTS, false, true,  true,  false",
        "NOBODY,   false, true,  false, false",
        "NOBODY,   true,  true,  false, true",
        "CONTACTS, true,  true,  false, true",
    })
    void decidesEveryCombination(
            Audience audience, boolean self, boolean sharesRoom, boolean blocked, boolean visible) {
        assertThat(Privacy.allows(audience, new Relation(self, sharesRoom, blocked)))
                .isEqualTo(visible);
    }

    @Test
    void aViewHidesEachFieldByItsOwnSettingAndOnlineFollowsLastSeen() {
        User alice = new User(1, "alice", "Alice", Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"));
        Profile p = new Profile(
                alice,
                "about me",
                "image/png",
                new PrivacySettings(Audience.EVERYONE, Audience.CONTACTS, Audience.NOBODY));
        VisibleProfile stranger = Privacy.view(p, Relation.of(1, 2, false, false), true);
        assertThat(stranger.hasAvatar()).isTrue();
        assertThat(stranger.about()).isNull();
        assertThat(stranger.lastSeenAt()).isNull();
        assertThat(stranger.online()).isNull();
        VisibleProfile contact = Privacy.view(p, Relation.of(1, 3, true, false), true);
        assertThat(contact.about()).isEqualTo("about me");
        assertThat(contact.online()).isNull();
        VisibleProfile self = Privacy.view(p, Relation.of(1, 1, false, false), true);
        assertThat(self.lastSeenAt()).isEqualTo(alice.lastSeenAt());
        assertThat(self.online()).isTrue();
        VisibleProfile blocked = Privacy.view(p, Relation.of(1, 3, true, true), true);
        assertThat(blocked.hasAvatar()).isNull();
        assertThat(blocked.about()).isNull();
        assertThat(blocked.displayName()).isEqualTo("Alice");
    }
}
