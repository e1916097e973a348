package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Member;
import dev.confab.client.Receipt;
import dev.confab.client.Room;
import dev.confab.client.SyncEvent;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A channel's readers do not see each other: not in the member list, not on the receipts route,
 * not live, not in sync. Who may see the readers (owners and admins) sees every reader's cursors.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ChannelReadersEndToEndTest extends ServerPerStore {
    private static final Duration WAIT = Duration.ofSeconds(10);

    ConfabClient owner, admin, moderator, bob, carol;
    Room channel;
    long seq;

    @BeforeEach
    void channelWithReaders() {
        owner = server.newUser("Owner");
        admin = server.newUser("Admin");
        moderator = server.newUser("Mod");
        bob = server.newUser("Bob");
        carol = server.newUser("Carol");
        channel = owner.createRoom(
                "news",
                "channel",
                "public",
                "all",
                List.of(
                        admin.user().id(),
                        moderator.user().id(),
                        bob.user().id(),
                        carol.user().id()));
        owner.setRole(channel.id(), admin.user().id(), "admin");
        owner.setRole(channel.id(), moderator.user().id(), "moderator");
        seq = owner.postMessage(channel.id(), "o-1", "announcement").message().seq();
    }

    @Test
    void aReadersReadReachesTheirOwnDevicesAndTheAdminsLiveButNoOtherReader() throws Exception {
        ConfabClient bobLaptop = server.login(bob, "laptop");
        SocketRecorder ownerIn = new SocketRecorder(),
                adminIn = new SocketRecorder(),
                modIn = new SocketRecorder(),
                carolIn = new SocketRecorder(),
                laptopIn = new SocketRecorder();
        try (ChatSocket o = owner.connect(ownerIn);
                ChatSocket a = admin.connect(adminIn);
                ChatSocket m = moderator.connect(modIn);
                ChatSocket c = carol.connect(carolIn);
                ChatSocket l = bobLaptop.connect(laptopIn);
                ChatSocket b = bob.connect(new SocketRecorder())) {
            for (ChatSocket s : List.of(o, a, m, c, l, b)) s.hello().get(5, TimeUnit.SECONDS);
            Receipt read = b.read(channel.id(), seq).get(5, TimeUnit.SECONDS);

            assertThat(await(WAIT, () -> laptopIn.receipts.contains(read)))
                    .as("bob's other device")
                    .isTrue();
            assertThat(await(WAIT, () -> ownerIn.receipts.contains(read)))
                    .as("the owner")
                    .isTrue();
            assertThat(await(WAIT, () -> adminIn.receipts.contains(read)))
                    .as("an admin")
                    .isTrue();
            // frames reach a socket in commit order: once the next post arrived, bob's read would have too
            owner.postMessage(channel.id(), "o-2", "later");
            for (SocketRecorder reader : List.of(carolIn, modIn)) {
                assertThat(await(WAIT, () -> reader.texts().size() == 1)).isTrue();
                assertThat(reader.receipts)
                        .noneMatch(r -> r.userId() == bob.user().id());
            }
        }
    }

    @Test
    void theReceiptsRouteListsReadersOnlyToThoseWhoMaySeeThem() {
        bob.markRead(channel.id(), seq);
        carol.markRead(channel.id(), seq);
        moderator.markReceived(channel.id(), seq);
        for (ConfabClient runner : List.of(owner, admin)) {
            var receipts = runner.receipts(channel.id(), seq);
            assertThat(receipts.read())
                    .containsExactlyInAnyOrder(bob.user().id(), carol.user().id());
            assertThat(receipts.delivered())
                    .contains(
                            bob.user().id(), carol.user().id(), moderator.user().id());
        }
        var asCarol = carol.receipts(channel.id(), seq);
        assertThat(asCarol.read()).containsExactly(carol.user().id());
        assertThat(asCarol.delivered()).containsExactly(carol.user().id());
        assertThat(moderator.receipts(channel.id(), seq).read()).isEmpty();
        assertThat(moderator.receipts(channel.id(), seq).delivered())
                .containsExactly(moderator.user().id());
    }

    @Test
    void syncGivesAReaderTheirOwnCursorsAndTheAdminsEveryonesAsLiveDoes() {
        long carolToken = carol.sync(0, 500).next(),
                bobToken = bob.sync(0, 500).next(),
                adminToken = admin.sync(0, 500).next();
        bob.markRead(channel.id(), seq);
        carol.markReceived(channel.id(), seq);
        assertThat(receipts(carol, carolToken))
                .extracting(Receipt::userId)
                .containsOnly(carol.user().id());
        assertThat(receipts(bob, bobToken))
                .extracting(Receipt::userId)
                .containsOnly(bob.user().id());
        assertThat(receipts(admin, adminToken))
                .extracting(Receipt::userId)
                .contains(bob.user().id(), carol.user().id());
        assertThat(receipts(carol, 0))
                .extracting(Receipt::userId)
                .containsOnly(carol.user().id());
    }

    @Test
    void theMemberListShowsAReaderWhoRunsTheChannelAndNobodysCursorsButTheirOwn() {
        bob.markRead(channel.id(), seq);
        List<Member> asCarol = carol.room(channel.id()).members();
        assertThat(asCarol)
                .extracting(Member::userId)
                .containsExactlyInAnyOrder(
                        owner.user().id(), admin.user().id(), carol.user().id());
        assertThat(asCarol)
                .filteredOn(m -> m.userId() != carol.user().id())
                .allSatisfy(
                        m -> assertThat(m.read()).as("another member's cursor").isNull())
                .allSatisfy(m -> assertThat(m.delivered()).isNull());
        assertThat(asCarol)
                .filteredOn(m -> m.userId() == carol.user().id())
                .singleElement()
                .satisfies(m -> assertThat(m.read()).isNotNull());

        List<Member> asAdmin = admin.room(channel.id()).members();
        assertThat(asAdmin).hasSize(5).allSatisfy(m -> assertThat(m.read()).isNotNull());
        assertThat(asAdmin)
                .filteredOn(m -> m.userId() == bob.user().id())
                .singleElement()
                .satisfies(m -> assertThat(m.read()).isEqualTo(seq));
    }

    @Test
    void promotionToAdminOpensTheReadersAndDemotionClosesThem() throws Exception {
        owner.setRole(channel.id(), carol.user().id(), "admin");
        SocketRecorder carolIn = new SocketRecorder();
        try (ChatSocket c = carol.connect(carolIn)) {
            c.hello().get(5, TimeUnit.SECONDS);
            Receipt read = bob.markRead(channel.id(), seq);
            assertThat(await(WAIT, () -> carolIn.receipts.contains(read))).isTrue();
            assertThat(carol.receipts(channel.id(), seq).read())
                    .contains(bob.user().id());

            owner.setRole(channel.id(), carol.user().id(), "member");
            long later = owner.postMessage(channel.id(), "o-3", "after the demotion")
                    .message()
                    .seq();
            bob.markRead(channel.id(), later);
            owner.postMessage(channel.id(), "o-4", "sentinel");
            assertThat(await(WAIT, () -> carolIn.texts().size() == 2)).isTrue();
            assertThat(carolIn.receipts).noneMatch(r -> r.userId() == bob.user().id() && r.read() == later);
            assertThat(carol.receipts(channel.id(), seq).read())
                    .doesNotContain(bob.user().id());
        }
    }

    private static List<Receipt> receipts(ConfabClient who, long since) {
        return who.sync(since, 500).events().stream()
                .map(SyncEvent::receipt)
                .filter(Objects::nonNull)
                .toList();
    }
}
