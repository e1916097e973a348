package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.message.MessageRules;
import dev.confab.message.RoomEvent;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.search.SearchHit;
import dev.confab.search.SearchIndex;
import dev.confab.search.SearchQuery;
import dev.confab.testing.StoreKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Newest-first search on PostgreSQL answers from a window of recent ids when it holds a page, and
 * from the index otherwise. Here the window is a few ids, so pages come from both paths and from
 * their seams; every page must be what the membership windows allow, newest first, with no gap and
 * no repeat. SQLite has one path and must give the same pages.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SearchPathsTest extends DatabasePerStore {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void pagesFromTheRecentWindowAndFromTheIndexAreTheReadableMatchesNewestFirst() {
        long reader = user("reader", NOW);
        long writer = user("writer", NOW);
        SqlRoomStore rooms = new SqlRoomStore(db);
        long mine = group(writer, "mine", Room.History.ALL, List.of(reader), NOW);
        long notMine = group(writer, "not mine", Room.History.ALL, List.of(), NOW);
        long joinedLater = group(writer, "joined later", Room.History.JOINED, List.of(), NOW);
        MessageRules rules = new MessageRules(new SqlMessageStore(db));

        // Readable: every post of `mine`, and the posts of `joinedLater` between joining and leaving.
        Set<Long> readable = new HashSet<>();
        List<Long> allMatches = new ArrayList<>();
        Set<Long> inMine = new HashSet<>();
        int n = 0;
        for (int phase = 0; phase < 3; phase++) {
            if (phase == 1)
                rooms.change(joinedLater, NOW, tx -> {
                    tx.admit(reader, Role.MEMBER, tx.room().lastSeq() + 1);
                    return null;
                });
            if (phase == 2)
                rooms.change(joinedLater, NOW, tx -> {
                    tx.dismiss(reader, tx.event(reader, new RoomEvent.MemberLeft(reader)));
                    return null;
                });
            for (int i = 0; i < 40; i++, n++) {
                long room = i % 3 == 0 ? mine : i % 3 == 1 ? notMine : joinedLater;
                // every other post matches; a few words in between that do not
                String text = n % 2 == 0 ? "zebra crossing " + n : "plain words " + n;
                long id = post(rules, room, writer, "c" + n, text, NOW);
                if (n % 2 == 0) {
                    allMatches.add(id);
                    if (room == mine) inMine.add(id);
                    if (room == mine || (room == joinedLater && phase == 1)) readable.add(id);
                }
            }
        }
        List<Long> expected =
                allMatches.reversed().stream().filter(readable::contains).toList();
        assertThat(expected).hasSizeGreaterThan(20);

        for (int window : new int[] {3, 8, 1_000_000}) {
            SearchIndex index = SqlSearchIndex.forDialect(db, window);
            assertThat(pages(index, reader, List.of("zeb"), null, null, 4))
                    .as("words, window %d", window)
                    .isEqualTo(expected);
            assertThat(pages(index, reader, List.of(), "RA CROSS", null, 3))
                    .as("substring, window %d", window)
                    .isEqualTo(expected);
            assertThat(pages(index, reader, List.of("zebra"), null, mine, 2))
                    .as("one room, window %d", window)
                    .isEqualTo(expected.stream().filter(inMine::contains).toList());
            assertThat(pages(index, reader, List.of("nothing"), null, null, 5)).isEmpty();
        }
    }

    @Test
    void aPrefixFindsEveryWordThatStartsSoWhetherItsWordsAreNamedOrNot() {
        long writer = user("writer", NOW);
        long room = group(writer, "words", Room.History.ALL, List.of(), NOW);
        MessageRules rules = new MessageRules(new SqlMessageStore(db));
        // a few words starting "zebr" (named one by one on SQLite), more than MAX_COMPLETIONS starting
        // "zebu" (left a prefix), neighbours that must not match, and digits
        List<String> texts = new ArrayList<>(List.of(
                "zebra",
                "zebras crossing",
                "a zebrafish",
                "zebq",
                "zebs",
                "zeb",
                "Zebra",
                "zebr",
                "room 20261",
                "20262",
                "20260"));
        for (int i = 0; i < SqliteSearchIndex.MAX_COMPLETIONS + 8; i++) texts.add("zebu" + (char) ('a' + i % 26) + i);
        texts.add("zébu");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            ids.add(post(rules, room, writer, "p" + i, texts.get(i), NOW));
        }
        SearchIndex index = SqlSearchIndex.forDialect(db);
        for (String prefix : List.of("zebr", "zebra", "zebu", "zebq", "2026", "zebrafish", "zebrx")) {
            List<Long> want = new ArrayList<>();
            for (int i = texts.size() - 1; i >= 0; i--) {
                String folded = java.text.Normalizer.normalize(texts.get(i), java.text.Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .toLowerCase(java.util.Locale.ROOT);
                boolean hit = java.util.Arrays.stream(folded.split(" ")).anyMatch(w -> w.startsWith(prefix));
                if (hit) want.add(ids.get(i));
            }
            assertThat(pages(index, writer, List.of(prefix), null, room, 7))
                    .as("prefix %s", prefix)
                    .isEqualTo(want);
        }
        assertThat(pages(index, writer, List.of("zebr", "crossing"), null, room, 7))
                .containsExactly(ids.get(1));
    }

    /** Every page of a newest-first search, followed by its anchor, as message ids. */
    private static List<Long> pages(
            SearchIndex index, long reader, List<String> terms, String substring, Long room, int limit) {
        List<Long> ids = new ArrayList<>();
        Long after = null;
        while (true) {
            List<SearchHit> hits = index.search(
                            reader, new SearchQuery(terms, substring, room, SearchQuery.Order.RECENT, limit, after))
                    .orElseThrow();
            List<SearchHit> page = hits.subList(0, Math.min(limit, hits.size()));
            page.forEach(h -> ids.add(h.message().id()));
            if (hits.size() <= limit) return ids;
            after = page.getLast().message().id();
        }
    }
}
