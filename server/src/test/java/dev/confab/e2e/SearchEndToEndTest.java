package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.SearchResults;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.StoreKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Full-text search (MSG-7) over what I may read, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SearchEndToEndTest extends ServerPerStore {
    ConfabClient alice, bob;

    @BeforeEach
    void people() {
        alice = server.newUser("Alice");
        bob = server.newUser("Bob");
    }

    @Test
    void findsWordsByPrefixNumbersAnyLanguageAndSubstringsWithHighlights() {
        Room room = alice.directRoom(bob.user().id());
        long confab = post(alice, room, "Confab release notes for 2026 are out");
        long cafe = post(bob, room, "Meet at the Café Zoë at noon");
        long greek = post(alice, room, "Καλημέρα κόσμε, ένα ελληνικό κείμενο");
        long chinese = post(bob, room, "我们明天去北京开会");
        long japanese = post(alice, room, "東京で会いましょう");

        assertThat(ids(bob.search("conf", null, null, null, 20, null))).containsExactly(confab);
        assertThat(ids(bob.search("2026", null, null, null, 20, null))).containsExactly(confab);
        assertThat(ids(bob.search("RELEASE notes", room.id(), null, null, 20, null)))
                .containsExactly(confab);
        assertThat(ids(bob.search("cafe zoe", null, null, null, 20, null))).containsExactly(cafe);
        assertThat(ids(bob.search("κείμ", null, null, null, 20, null))).containsExactly(greek);
        assertThat(ids(bob.search("北京", null, null, null, 20, null))).containsExactly(chinese);
        assertThat(ids(bob.search("明天去", null, null, null, 20, null))).containsExactly(chinese);
        assertThat(ids(bob.search("東京", null, null, null, 20, null))).containsExactly(japanese);
        assertThat(ids(bob.search("lease", null, null, "substring", 20, null))).containsExactly(confab);
        assertThat(ids(bob.search("lease", null, null, null, 20, null))).isEmpty(); // words match from their start

        SearchResults.Snippet snippet =
                bob.search("conf", null, null, null, 20, null).hits().getFirst().snippet();
        assertThat(snippet.marked()).containsExactly("Confab");
        SearchResults.Snippet sub = bob.search("lease", null, null, "substring", 20, null)
                .hits()
                .getFirst()
                .snippet();
        assertThat(sub.marked()).containsExactly("lease");
        assertThat(sub.text()).contains("release");
    }

    @Test
    void neverFindsWhatIMayNotRead() {
        ConfabClient carol = server.newUser("Carol");
        Room left = alice.createGroup("left behind", null, List.of(bob.user().id()));
        long before = post(alice, left, "zanzibarite before the leave");
        bob.leave(left.id());
        post(alice, left, "zanzibarite after the leave");
        Room never =
                alice.createGroup("never joined", null, List.of(carol.user().id()));
        post(alice, never, "zanzibarite in a room bob never joined");
        Room late = alice.createRoom("late", "group", "private", "joined", List.of());
        post(alice, late, "zanzibarite before bob joined");
        alice.addMembers(late.id(), List.of(bob.user().id()));
        long after = post(alice, late, "zanzibarite once bob is in");

        assertThat(ids(bob.search("zanzibarite", null, null, null, 50, null))).containsExactlyInAnyOrder(before, after);
        assertThat(ids(bob.search("zanzibarite", null, "relevance", null, 50, null)))
                .containsExactlyInAnyOrder(before, after);
        assertThat(ids(bob.search("zanzib", null, null, "substring", 50, null)))
                .containsExactlyInAnyOrder(before, after);
        assertThat(ids(bob.search("zanzibarite", left.id(), null, null, 50, null)))
                .containsExactly(before);
        assertCode("room_not_found", () -> bob.search("zanzibarite", never.id(), null, null, 50, null));
        assertThat(ids(alice.search("zanzibarite", null, null, null, 50, null))).hasSize(5);

        // deleted messages are never found; edits are
        alice.deleteMessage(
                late.id(),
                alice.history(late.id(), null, null, 100).messages().stream()
                        .filter(m -> m.id() == after)
                        .findFirst()
                        .orElseThrow()
                        .seq());
        assertThat(ids(bob.search("zanzibarite", null, null, null, 50, null))).containsExactly(before);
        assertThat(ids(bob.search("zanzib", null, null, "substring", 50, null))).containsExactly(before);
        Room dm = alice.directRoom(bob.user().id());
        Message typo =
                alice.postMessage(dm.id(), "a-t", "see you at the quarry").message();
        alice.editMessage(dm.id(), typo.seq(), "see you at the quayside");
        assertThat(ids(bob.search("quarry", null, null, null, 50, null))).isEmpty();
        assertThat(ids(bob.search("quayside", null, null, null, 50, null))).containsExactly(typo.id());
    }

    @Test
    void pagesNewestFirstOrByRelevanceWithAToken() {
        Room room = alice.directRoom(bob.user().id());
        List<Long> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++)
            posted.add(post(alice, room, "walrus number " + i + " of a long line that says many other words too"));
        long best = post(alice, room, "walrus walrus walrus");

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            SearchResults page = bob.search("walrus", null, null, null, 3, cursor);
            assertThat(page.hits()).hasSizeLessThanOrEqualTo(3);
            page.hits().forEach(h -> seen.add(h.message().id()));
            cursor = page.next();
        } while (cursor != null);
        List<Long> newestFirst = new ArrayList<>(posted);
        newestFirst.add(best);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        SearchResults relevant = bob.search("walrus", null, "relevance", null, 3, null);
        assertThat(relevant.hits().getFirst().message().id()).isEqualTo(best);
        List<Long> all = new ArrayList<>(ids(relevant));
        for (String c = relevant.next(); c != null; ) {
            SearchResults page = bob.search("walrus", null, "relevance", null, 3, c);
            all.addAll(ids(page));
            c = page.next();
        }
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(newestFirst);
    }

    @Test
    void refusesEmptyOrTooLongQueriesAndBadParameters() {
        Room room = alice.directRoom(bob.user().id());
        post(alice, room, "something");
        assertCode("invalid_query", () -> bob.search("", null, null, null, 20, null));
        assertCode("invalid_query", () -> bob.search("   ", null, null, null, 20, null));
        assertCode("invalid_query", () -> bob.search("?!", null, null, null, 20, null));
        assertCode("invalid_query", () -> bob.search("x".repeat(201), null, null, null, 20, null));
        assertCode("limit_too_large", () -> bob.search("something", null, null, null, 51, null));
        assertCode("invalid_field", () -> bob.search("something", null, "loudest", null, 20, null));
        assertCode("invalid_field", () -> bob.search("something", null, null, "regex", 20, null));
        assertCode("invalid_field", () -> bob.search("something", null, null, null, 20, "not-a-token"));
        assertThat(bob.search("x".repeat(200), null, null, null, 20, null).hits())
                .isEmpty();
    }

    private static long post(ConfabClient who, Room room, String text) {
        return who.postMessage(room.id(), "c-" + java.util.UUID.randomUUID(), text)
                .message()
                .id();
    }

    private static List<Long> ids(SearchResults r) {
        return r.hits().stream().map(h -> h.message().id()).toList();
    }

    private static void assertCode(String code, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
