package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.account.Principal;
import dev.confab.account.User;
import dev.confab.limit.RateLimiter;
import dev.confab.limit.RateRule;
import dev.confab.message.HistoryQuery;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.MessageRules;
import dev.confab.message.Messaging;
import dev.confab.message.Outcome;
import dev.confab.message.ReactionCount;
import dev.confab.message.Receipt;
import dev.confab.message.RoomEvents;
import dev.confab.message.Write;
import dev.confab.room.Room;
import dev.confab.room.RoomStore;
import dev.confab.testing.StoreKind;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A page of history with replies and many reactions is read in a fixed number of queries, however
 * many messages the page has, and a message with thousands of reactions is counted and listed
 * from rows of the reactions table alone.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class HistoryWithReactionsTest extends DatabasePerStore {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    SqlMessageStore store;
    MessageRules rules;
    Messaging messaging;
    final AtomicInteger statements = new AtomicInteger();

    @BeforeEach
    void open() {
        db.reader.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                statements.incrementAndGet();
            }
        });
        store = new SqlMessageStore(db);
        rules = new MessageRules(store);
        messaging = new Messaging(
                store,
                new RoomEvents() {
                    public void messagePosted(Message message, long originConnection) {}

                    public void cursorMoved(Receipt receipt, long originConnection) {}

                    public void messageChanged(MessageChange change, long originConnection) {}

                    public void roomChanged(List<Message> events, long... alsoNotify) {}
                },
                Clock.systemUTC(),
                4000,
                64,
                new RateLimiter("test", RateRule.parse("100000/1s")),
                (writes, nanos) -> {},
                new RateLimiter("reads", RateRule.parse("100000/1s")));
    }

    @AfterEach
    void close() {
        messaging.close();
    }

    @Test
    void aPageCostsTheSameFewQueriesWhateverItsSizeAndThousandsOfReactionsStayCountable() {
        SqlAccountStore accounts = new SqlAccountStore(db);
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < 1200; i++)
            people.add(accounts.createUser("u" + i, "U" + i, "hash", NOW)
                    .orElseThrow()
                    .id());
        long owner = people.getFirst();
        long room = new SqlRoomStore(db)
                .createGroup(
                        new RoomStore.NewGroup(
                                owner,
                                Room.Kind.GROUP,
                                "big",
                                "",
                                Room.Visibility.PRIVATE,
                                Room.History.ALL,
                                people.subList(1, people.size())),
                        NOW)
                .room()
                .id();

        // 60 posts, every other one a reply to the one before it
        List<Write> posts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long sender = people.get(i % 5);
            posts.add(new Write.Post(
                    room, sender, "p" + i, "post " + i, i % 2 == 1 ? (long) (i + 1) : null)); // seq 1 is room.created
        }
        for (Outcome o : rules.commit(posts, NOW)) assertThat(o).isInstanceOf(Outcome.Posted.class);
        // every member reacts to the newest post; two emoji on every post from a few people
        List<Write> reactions = new ArrayList<>();
        for (long u : people) reactions.add(new Write.React(room, u, 61, "👍", true));
        for (int seq = 2; seq <= 61; seq++) {
            for (int k = 0; k < 3; k++) reactions.add(new Write.React(room, people.get(k), seq, "🎉", true));
        }
        for (int from = 0; from < reactions.size(); from += 500) {
            for (Outcome o : rules.commit(reactions.subList(from, Math.min(reactions.size(), from + 500)), NOW)) {
                assertThat(o)
                        .isInstanceOfSatisfying(
                                Outcome.Changed.class,
                                c -> assertThat(c.change()).isNotNull());
            }
        }

        Principal reader = new Principal(new User(people.get(500), "u500", "U500", NOW, null), 1, null);
        int small = statementsFor(() -> messaging.history(reader, room, new HistoryQuery(null, null, 5)));
        statements.set(0);
        Messaging.Page page = messaging.history(reader, room, new HistoryQuery(null, null, 60));
        int large = statements.get();
        assertThat(large).isEqualTo(small).isLessThanOrEqualTo(4);

        assertThat(page.messages()).hasSize(60);
        Message newest = page.messages().getLast();
        List<ReactionCount> onNewest = page.reactions().get(newest.id());
        // all reacted at the same instant here, so the order is the emoji's
        assertThat(onNewest).extracting(ReactionCount::emoji).containsExactlyInAnyOrder("👍", "🎉");
        ReactionCount thumbs = onNewest.stream()
                .filter(r -> r.emoji().equals("👍"))
                .findFirst()
                .orElseThrow();
        assertThat(thumbs.count()).isEqualTo(1200);
        assertThat(thumbs.userIds()).hasSize(Messaging.REACTION_USERS_PER_PAGE);
        assertThat(thumbs.mine()).isTrue(); // u500 is not among the first ten, yet mine is known
        assertThat(page.reactions().get(page.messages().get(10).id()))
                .singleElement()
                .satisfies(r -> assertThat(r.count()).isEqualTo(3));
        assertThat(messaging.reactions(reader, room, 61))
                .filteredOn(r -> r.emoji().equals("👍"))
                .singleElement()
                .satisfies(r -> assertThat(r.userIds()).hasSize(1200));
        // replies on the page carry their quotes, read in the same fixed number of queries
        assertThat(page.messages().stream()
                        .filter(m -> m.text().startsWith("post "))
                        .filter(m -> m.body() instanceof dev.confab.message.Body.Text t
                                && t.annotations().replyTo() != null))
                .hasSize(30);
    }

    private int statementsFor(Runnable r) {
        statements.set(0);
        r.run();
        return statements.get();
    }
}
