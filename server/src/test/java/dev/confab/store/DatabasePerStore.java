package dev.confab.store;

import dev.confab.message.MessageRules;
import dev.confab.message.Outcome;
import dev.confab.message.Write;
import dev.confab.room.Room;
import dev.confab.room.RoomStore;
import dev.confab.testing.StoreKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * A fresh database of the class's store kind for each test, for tests that use the SQL adapters
 * directly. Subclasses are {@code @ParameterizedClass @EnumSource(StoreKind.class)}; their own
 * {@code @BeforeEach} runs after {@link #openDatabase} and their {@code @AfterEach} before
 * {@link #closeDatabase}.
 */
abstract class DatabasePerStore {
    @Parameter
    StoreKind kind;

    StoreKind.TestStore testStore;
    Database db;

    @BeforeEach
    void openDatabase() {
        testStore = kind.create();
        db = Database.open(testStore.url(), testStore.user(), "", 4);
    }

    /** A new account's id. */
    long user(String username, Instant now) {
        return new SqlAccountStore(db)
                .createUser(username, username, "hash", now)
                .orElseThrow()
                .id();
    }

    /** A new private group of {@code owner} and {@code members}; its id. */
    long group(long owner, String name, Room.History history, List<Long> members, Instant now) {
        return new SqlRoomStore(db)
                .createGroup(
                        new RoomStore.NewGroup(
                                owner, Room.Kind.GROUP, name, "", Room.Visibility.PRIVATE, history, members),
                        now)
                .room()
                .id();
    }

    /** Posts {@code text} through the commit's rules; the new message's id. */
    static long post(MessageRules rules, long room, long sender, String clientId, String text, Instant now) {
        Outcome o = rules.commit(List.of(new Write.Post(room, sender, clientId, text, null)), now)
                .getFirst();
        return ((Outcome.Posted) o).message().id();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        testStore.close();
    }
}
