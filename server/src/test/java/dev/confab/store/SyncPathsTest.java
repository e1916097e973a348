package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.inbox.InboxStore;
import dev.confab.inbox.SyncEvent;
import dev.confab.message.MessageRules;
import dev.confab.message.RoomEvent;
import dev.confab.message.Write;
import dev.confab.room.Role;
import dev.confab.room.Room;
import dev.confab.testing.StoreKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sync page's messages come from a window of positions after the token when it holds them, and
 * from the rooms' index otherwise. With windows of a few positions, pages come from both paths and
 * their seams; every page must be exactly the page the rooms' index alone gives, and together the
 * pages must be the messages my membership windows allow, in order, with no gap and no repeat.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class SyncPathsTest extends DatabasePerStore {
    private static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");

    @Test
    void pagesFromTheWindowAndFromTheRoomsIndexAreTheSame() {
        long reader = user("reader", NOW);
        long writer = user("writer", NOW);
        SqlRoomStore rooms = new SqlRoomStore(db);
        long mine = group(writer, "mine", Room.History.ALL, List.of(reader), NOW);
        long notMine = group(writer, "not mine", Room.History.ALL, List.of(), NOW);
        long joinedLater = group(writer, "joined later", Room.History.JOINED, List.of(), NOW);
        long wholeHistory = group(writer, "whole history", Room.History.ALL, List.of(), NOW);
        MessageRules rules = new MessageRules(new SqlMessageStore(db));
        long token = new SqlInboxStore(db).sync(reader, 0, 500).next();

        List<Long> readable = new ArrayList<>();
        List<Long> beforeJoining = new ArrayList<>();
        int n = 0;
        for (int phase = 0; phase < 3; phase++) {
            if (phase == 1) {
                for (long room : List.of(joinedLater, wholeHistory))
                    rooms.change(room, NOW, tx -> {
                        tx.admit(reader, Role.MEMBER, tx.room().lastSeq() + 1);
                        return null;
                    });
            }
            if (phase == 2)
                rooms.change(joinedLater, NOW, tx -> {
                    tx.dismiss(reader, tx.event(reader, new RoomEvent.MemberLeft(reader)));
                    return null;
                });
            for (int i = 0; i < 45; i++, n++) {
                // runs of the rooms I cannot read between mine, so windows start and end among them
                long room = List.of(mine, notMine, notMine, joinedLater, wholeHistory, notMine)
                        .get((i / 2) % 6);
                long id = post(rules, room, writer, "c" + n, "text " + n, NOW);
                if (room == mine || (room == joinedLater && phase == 1) || (room == wholeHistory && phase > 0))
                    readable.add(id);
                if (room == wholeHistory && phase == 0) beforeJoining.add(id);
                if (i % 10 == 0) rules.commit(List.of(new Write.CursorMove(mine, reader, 0, 99)), NOW);
            }
        }
        // the room with all history shows what came before joining, but only at the position it was posted
        List<Long> expected = new ArrayList<>(readable);
        expected.addAll(beforeJoining);
        expected.sort(null);

        InboxStore reference = new SqlInboxStore(db, SqlInboxStore.FEW_CHANGES, 0);
        for (int limit : new int[] {3, 7, 500}) {
            List<InboxStore.SyncBatch> want = pages(reference, reader, token, limit);
            assertThat(messageIds(want))
                    .as("the rooms' index, pages of %d", limit)
                    .isEqualTo(expected);
            for (int windowPages : new int[] {1, 2, SqlInboxStore.WINDOW_PAGES}) {
                for (long fewChanges : new long[] {0, SqlInboxStore.FEW_CHANGES}) {
                    InboxStore windowed = new SqlInboxStore(db, fewChanges, windowPages);
                    assertThat(pages(windowed, reader, token, limit))
                            .as("pages of %d, windows of %d pages", limit, windowPages)
                            .isEqualTo(want);
                }
            }
        }
    }

    private static List<InboxStore.SyncBatch> pages(InboxStore inbox, long reader, long since, int limit) {
        List<InboxStore.SyncBatch> pages = new ArrayList<>();
        InboxStore.SyncBatch page;
        do {
            page = inbox.sync(reader, since, limit);
            pages.add(page);
            since = page.next();
        } while (page.more());
        return pages;
    }

    /** The posts among the pages' messages (joining and leaving are messages of their own). */
    private static List<Long> messageIds(List<InboxStore.SyncBatch> pages) {
        return pages.stream()
                .flatMap(p -> p.events().stream())
                .filter(e ->
                        e instanceof SyncEvent.MessageEvent m && m.message().clientId() != null)
                .map(SyncEvent::pos)
                .toList();
    }
}
