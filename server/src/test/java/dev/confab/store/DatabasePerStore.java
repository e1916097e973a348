package dev.confab.store;

import dev.confab.testing.StoreKind;
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

    @AfterEach
    void closeDatabase() {
        db.close();
        testStore.close();
    }
}
