package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.account.User;
import dev.confab.error.ErrorCode;
import dev.confab.inbox.InboxStore;
import dev.confab.inbox.SyncEvent;
import dev.confab.message.HistoryQuery;
import dev.confab.message.Message;
import dev.confab.message.MessageRules;
import dev.confab.message.Outcome;
import dev.confab.message.RoomEvent;
import dev.confab.message.Write;
import dev.confab.room.Room;
import dev.confab.room.RoomStore;
import dev.confab.testing.StoreKind;
import dev.confab.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The store contract, run against a real SQLite file and a real PostgreSQL database. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class StoreContractTest extends DatabasePerStore {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    SqlAccountStore accounts;
    SqlRoomStore rooms;
    SqlMessageStore messages;
    MessageRules rules;
    SqlInboxStore inbox;

    @BeforeEach
    void open() {
        accounts = new SqlAccountStore(db);
        rooms = new SqlRoomStore(db);
        messages = new SqlMessageStore(db);
        rules = new MessageRules(messages);
        inbox = new SqlInboxStore(db);
    }

    private long user(String name) {
        return accounts.createUser(name, name, "hash", NOW).orElseThrow().id();
    }

    private static RoomStore.NewGroup group(long creator, String name, String description, List<Long> members) {
        return new RoomStore.NewGroup(
                creator, Room.Kind.GROUP, name, description, Room.Visibility.PRIVATE, Room.History.ALL, members);
    }

    private static Write.Post post(long room, long sender, String clientId) {
        return new Write.Post(room, sender, clientId, "text of " + clientId);
    }

    @Test
    void oneCommitAppendsManyMessagesWithGaplessSeqsPerRoomAndIdsInCommitOrder() {
        long a = user("alice"), b = user("bob"), c = user("carol");
        long r1 = rooms.getOrCreateDirect(a, b, NOW).room().id();
        long r2 =
                rooms.createGroup(group(a, "g", "", List.of(b, c)), NOW).room().id();
        List<Write> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) batch.add(post(i % 3 == 0 ? r1 : r2, i % 2 == 0 ? a : b, "m" + i));
        List<Outcome> out = rules.commit(batch, NOW);

        List<Message> posted =
                out.stream().map(o -> ((Outcome.Posted) o).message()).toList();
        assertThat(posted).extracting(Message::id).isSorted().doesNotHaveDuplicates();
        Map<Long, List<Long>> seqs = new HashMap<>();
        posted.forEach(
                m -> seqs.computeIfAbsent(m.roomId(), k -> new ArrayList<>()).add(m.seq()));
        assertThat(seqs.get(r1)).containsExactlyElementsOf(range(2, 21));
        assertThat(seqs.get(r2)).containsExactlyElementsOf(range(2, 41));
        assertThat(rooms.findRoom(r2).orElseThrow().lastSeq()).isEqualTo(41);
        assertThat(inbox.streamPosition())
                .isGreaterThanOrEqualTo(posted.getLast().id());
    }

    @Test
    void aResendIsAnsweredWithTheOriginalWithinOneBatchAndAcrossBatches() {
        long a = user("alice"), b = user("bob");
        long r = rooms.getOrCreateDirect(a, b, NOW).room().id();
        List<Outcome> first = rules.commit(List.of(post(r, a, "x"), post(r, a, "x")), NOW);
        assertThat(first.get(0))
                .isInstanceOfSatisfying(
                        Outcome.Posted.class, p -> assertThat(p.duplicate()).isFalse());
        assertThat(first.get(1)).isInstanceOfSatisfying(Outcome.Posted.class, p -> {
            assertThat(p.duplicate()).isTrue();
            assertThat(p.message()).isEqualTo(((Outcome.Posted) first.get(0)).message());
        });
        Outcome later =
                rules.commit(List.of(post(r, a, "x")), NOW.plusSeconds(5)).getFirst();
        assertThat(later).isEqualTo(new Outcome.Posted(((Outcome.Posted) first.get(0)).message(), true));
        Outcome conflict = rules.commit(List.of(new Write.Post(r, a, "x", "other text")), NOW)
                .getFirst();
        assertThat(conflict).isEqualTo(new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT));
        assertThat(rooms.findRoom(r).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void writesOfNonMembersAreRejectedWithoutFailingTheirNeighbours() {
        long a = user("alice"), b = user("bob"), outsider = user("eve");
        long r = rooms.getOrCreateDirect(a, b, NOW).room().id();
        List<Outcome> out = rules.commit(
                List.of(
                        post(r, outsider, "e1"),
                        post(r, a, "a1"),
                        new Write.CursorMove(r, outsider, 1, 1),
                        post(999_999, a, "nowhere")),
                NOW);
        assertThat(out.get(0)).isEqualTo(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
        assertThat(out.get(1)).isInstanceOf(Outcome.Posted.class);
        assertThat(out.get(2)).isEqualTo(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
        assertThat(out.get(3)).isEqualTo(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
    }

    @Test
    void aFailedCommitWritesNothing() {
        long a = user("alice"), b = user("bob");
        long r = rooms.getOrCreateDirect(a, b, NOW).room().id();
        long before = inbox.streamPosition();
        testStore.execute("ALTER TABLE messages RENAME TO messages_away");
        try {
            assertThatThrownBy(() -> rules.commit(List.of(post(r, a, "m1"), new Write.CursorMove(r, b, 1, 1)), NOW))
                    .isInstanceOf(RuntimeException.class);
        } finally {
            testStore.execute("ALTER TABLE messages_away RENAME TO messages");
        }
        assertThat(inbox.streamPosition()).isEqualTo(before);
        assertThat(rooms.findRoom(r).orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(rooms.findMember(r, b).orElseThrow().read()).isEqualTo(1);
    }

    @Test
    void cursorsMoveForwardOnlyAndAreCappedAtTheLastMessage() {
        long a = user("alice"), b = user("bob");
        long r = rooms.getOrCreateDirect(a, b, NOW).room().id();
        rules.commit(List.of(post(r, a, "1"), post(r, a, "2"), post(r, a, "3")), NOW);
        Outcome.Moved m = (Outcome.Moved)
                rules.commit(List.of(new Write.CursorMove(r, b, 3, 0)), NOW).getFirst();
        assertThat(m.changed()).isTrue();
        assertThat(m.receipt().delivered()).isEqualTo(3);
        assertThat(m.receipt().read()).isEqualTo(1);
        Outcome.Moved back = (Outcome.Moved)
                rules.commit(List.of(new Write.CursorMove(r, b, 2, 0)), NOW).getFirst();
        assertThat(back.changed()).isFalse();
        Outcome.Moved capped = (Outcome.Moved)
                rules.commit(List.of(new Write.CursorMove(r, b, 0, 99)), NOW).getFirst();
        assertThat(capped.receipt().read()).isEqualTo(4);
        assertThat(capped.receipt().delivered()).isEqualTo(4);
        assertThat(capped.receipt().pos()).isGreaterThan(m.receipt().pos());
    }

    @Test
    void syncReturnsEveryChangeOnceInPositionOrderAcrossBoundedPages() {
        long a = user("alice"), b = user("bob"), c = user("carol");
        long r1 = rooms.getOrCreateDirect(a, b, NOW).room().id();
        long r2 =
                rooms.createGroup(group(a, "g", "", List.of(b, c)), NOW).room().id();
        long r3 = rooms.getOrCreateDirect(a, c, NOW).room().id(); // bob is not in this one
        long token = inbox.sync(b, 0, 500).next();
        for (int round = 0; round < 10; round++) {
            List<Write> batch = new ArrayList<>();
            for (int i = 0; i < 7; i++) batch.add(post(List.of(r1, r2, r3).get(i % 3), a, "s" + round + "-" + i));
            batch.add(new Write.CursorMove(r2, c, 0, 3 + round));
            rules.commit(batch, NOW);
        }
        InboxStore.SyncBatch all = inbox.sync(b, token, 500);
        assertThat(all.more()).isFalse();
        // the changed rooms are found from the stream side here (few changes); the membership side must agree
        assertThat(new SqlInboxStore(db, 0, SqlInboxStore.WINDOW_PAGES).sync(b, token, 500))
                .isEqualTo(all);
        assertThat(new SqlInboxStore(db, 0, SqlInboxStore.WINDOW_PAGES).sync(b, 0, 500))
                .isEqualTo(inbox.sync(b, 0, 500));
        assertThat(all.events()).extracting(SyncEvent::pos).isSorted().doesNotHaveDuplicates();
        assertThat(all.events()).allSatisfy(e -> {
            long roomId = e instanceof SyncEvent.MessageEvent m
                    ? m.message().roomId()
                    : ((SyncEvent.ReceiptEvent) e).receipt().roomId();
            assertThat(roomId).isIn(r1, r2);
        });

        List<SyncEvent> paged = new ArrayList<>();
        long since = token;
        Set<Long> tokens = new HashSet<>();
        InboxStore.SyncBatch page;
        do {
            page = inbox.sync(b, since, 7);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(7);
            assertThat(tokens.add(page.next())).isTrue();
            paged.addAll(page.events());
            since = page.next();
        } while (page.more());
        // cursor rows hold current state, so a receipt may reappear later with a newer position; messages never repeat
        List<Long> pagedMessageIds = paged.stream()
                .filter(e -> e instanceof SyncEvent.MessageEvent)
                .map(SyncEvent::pos)
                .toList();
        List<Long> allMessageIds = all.events().stream()
                .filter(e -> e instanceof SyncEvent.MessageEvent)
                .map(SyncEvent::pos)
                .toList();
        assertThat(pagedMessageIds).containsExactlyElementsOf(allMessageIds);
        assertThat(inbox.sync(b, since, 7).events()).isEmpty();
    }

    @Test
    void syncFromTheCurrentPositionIsEmptyAndUntouchedRoomsAreSkipped() {
        long a = user("alice");
        List<Long> others = new ArrayList<>();
        for (int i = 0; i < 30; i++)
            others.add(rooms.getOrCreateDirect(a, user("u" + i), NOW).room().id());
        long token = inbox.sync(a, 0, 500).next();
        assertThat(inbox.sync(a, token, 500).events()).isEmpty();
        long busy = others.get(17);
        long busyPeer = rooms.activeMembers(busy).stream()
                .mapToLong(m -> m.userId())
                .filter(u -> u != a)
                .findFirst()
                .orElseThrow();
        rules.commit(List.of(post(busy, busyPeer, "only")), NOW);
        InboxStore.SyncBatch b = inbox.sync(a, token, 500);
        assertThat(new SqlInboxStore(db, 0, SqlInboxStore.WINDOW_PAGES).sync(a, token, 500))
                .isEqualTo(b);
        // the message, and the sender's cursors, which moved with it
        assertThat(b.events()).hasSize(2);
        assertThat(b.events().get(0))
                .isInstanceOfSatisfying(
                        SyncEvent.MessageEvent.class,
                        e -> assertThat(e.message().roomId()).isEqualTo(busy));
        assertThat(b.events().get(1)).isInstanceOfSatisfying(SyncEvent.ReceiptEvent.class, e -> {
            assertThat(e.receipt().roomId()).isEqualTo(busy);
            assertThat(e.receipt().userId()).isEqualTo(busyPeer);
        });
    }

    @Test
    void concurrentDirectRoomCreationForOnePairMakesOneRoom() throws Exception {
        long a = user("alice"), b = user("bob");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RoomStore.Created>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean flip = i % 2 == 0;
            results.add(pool.submit(() -> {
                go.await();
                return flip ? rooms.getOrCreateDirect(a, b, NOW) : rooms.getOrCreateDirect(b, a, NOW);
            }));
        }
        go.countDown();
        Set<Long> ids = new HashSet<>();
        int created = 0;
        for (var f : results) {
            RoomStore.Created c = f.get(20, TimeUnit.SECONDS);
            ids.add(c.room().id());
            if (c.created()) created++;
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(rooms.activeMemberIds(ids.iterator().next())).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void historyPagesRespectTheirAnchorsAndNonMembersGetNothing() {
        long a = user("alice"), b = user("bob"), eve = user("eve");
        long r = rooms.getOrCreateDirect(a, b, NOW).room().id();
        List<Write> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) batch.add(post(r, a, "h" + i));
        rules.commit(batch, NOW);
        assertThat(messages.page(b, r, new HistoryQuery(10L, null, 5), 6).orElseThrow())
                .extracting(Message::seq)
                .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(messages.page(b, r, new HistoryQuery(null, 28L, 5), 6).orElseThrow())
                .extracting(Message::seq)
                .containsExactly(29L, 30L, 31L);
        assertThat(messages.page(eve, r, new HistoryQuery(null, null, 5), 6)).isEmpty();
        assertThat(messages.receipts(eve, r, 2)).isEmpty();
    }

    @Test
    void usernamePrefixSearchMatchesOnlyPrefixes() {
        for (String n : List.of("alice", "alan", "al_x", "bal", "alz")) user(n);
        assertThat(accounts.findUsersByPrefix("al", 10))
                .extracting(User::username)
                .containsExactly("al_x", "alan", "alice", "alz");
        assertThat(accounts.findUsersByPrefix("al_", 10))
                .extracting(User::username)
                .containsExactly("al_x");
        assertThat(accounts.findUsersByPrefix("al", 2)).hasSize(2);
        assertThat(accounts.createUser("alice", "again", "h", NOW)).isEmpty();
    }

    @Test
    void groupsStartWithTheCreatorAsOwnerAndASystemMessage() {
        long a = user("alice"), b = user("bob");
        Room g = rooms.createGroup(group(a, "team", "desc", List.of(b)), NOW).room();
        assertThat(g.kind()).isEqualTo(Room.Kind.GROUP);
        assertThat(g.lastSeq()).isEqualTo(1);
        assertThat(rooms.findMember(g.id(), a).orElseThrow().role().wire()).isEqualTo("owner");
        assertThat(rooms.findMember(g.id(), b).orElseThrow().role().wire()).isEqualTo("member");
        assertThat(messages.page(b, g.id(), new HistoryQuery(null, null, 10), 10)
                        .orElseThrow())
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.body()).isEqualTo(new RoomEvent.RoomCreated(List.of(a, b)));
                    assertThat(Json.write(m))
                            .contains("\"kind\":\"room.created\"")
                            .contains("\"data\":{\"userIds\":[" + a + "," + b + "]}");
                });
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) out.add(i);
        return out;
    }
}
