package dev.confab.store;

/** The two SQL databases Confab runs on. Nearly all SQL is shared; schemas and pool shapes differ. */
public enum Dialect {
    SQLITE("db/sqlite"),
    POSTGRES("db/postgres");

    final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("store.url must be a jdbc:sqlite: or jdbc:postgresql: URL, got " + jdbcUrl);
    }
}
