package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.push.PushTarget;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A session that lapsed (expired, or revoked without its targets going with it) leaves no device to wake. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PushTargetSweepTest extends DatabasePerStore {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void onlyTheTargetsOfLiveSessionsStay() {
        SqlAccountStore accounts = new SqlAccountStore(db);
        SqlPushStore push = new SqlPushStore(db);
        long user = accounts.createUser("ada", "Ada", "hash", NOW).orElseThrow().id();
        long live = accounts.createSession(user, "laptop", "h1", NOW, NOW.plus(Duration.ofDays(30)))
                .id();
        long expired = accounts.createSession(
                        user, "old phone", "h2", NOW.minus(Duration.ofDays(40)), NOW.minusSeconds(1))
                .id();
        long revoked = accounts.createSession(user, "lost tablet", "h3", NOW, NOW.plus(Duration.ofDays(30)))
                .id();
        accounts.revokeSession(user, revoked, NOW);
        for (long session : new long[] {live, expired, revoked}) {
            push.saveTarget(
                    new PushTarget(
                            0,
                            user,
                            session,
                            PushTarget.Kind.WEBPUSH,
                            "web",
                            "https://push.example/" + session,
                            "p",
                            "a",
                            null),
                    NOW);
        }

        assertThat(push.removeLapsedTargets(NOW)).isEqualTo(2);
        assertThat(push.targets(user)).extracting(PushTarget::sessionId).containsExactly(live);
        assertThat(push.removeLapsedTargets(NOW)).isZero();
        // the live one lapses in its turn
        assertThat(push.removeLapsedTargets(NOW.plus(Duration.ofDays(31)))).isEqualTo(1);
        assertThat(push.targets(user)).isEmpty();
    }
}
