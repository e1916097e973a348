package dev.confab.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The two stores every store and end-to-end test runs against: a fresh SQLite file, and a fresh
 * database on the local PostgreSQL (127.0.0.1:5432, trust auth; CONFAB_TEST_PG_URL and
 * CONFAB_TEST_PG_USER override).
 */
public enum StoreKind {
    SQLITE,
    POSTGRES;

    static final String PG_ADMIN_URL =
            System.getenv().getOrDefault("CONFAB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String PG_USER = System.getenv().getOrDefault("CONFAB_TEST_PG_USER", "postgres");

    /** A new, empty store; closing it removes it. */
    public TestStore create() {
        try {
            if (this == SQLITE) {
                Path dir = Files.createTempDirectory("confab-test");
                return new TestStore("jdbc:sqlite:" + dir.resolve("confab.db"), "", () -> deleteTree(dir));
            }
            String name =
                    "confab_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            admin("CREATE DATABASE " + name);
            String url = PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + name;
            return new TestStore(url, PG_USER, () -> admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a " + this + " test store: " + e.getMessage(), e);
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temp directory left behind is harmless
        }
    }

    public record TestStore(String url, String user, Runnable dropper) implements AutoCloseable {
        @Override
        public void close() {
            dropper.run();
        }

        /** Runs SQL on the store from outside the server, as an operator (or a failing disk) would. */
        public void execute(String sql) {
            try (Connection c = DriverManager.getConnection(url, user, "");
                    Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        /** The first column of every row {@code sql} returns, as text. */
        public java.util.List<String> column(String sql) {
            try (Connection c = DriverManager.getConnection(url, user, "");
                    Statement s = c.createStatement();
                    var rows = s.executeQuery(sql)) {
                java.util.List<String> out = new java.util.ArrayList<>();
                while (rows.next()) out.add(rows.getString(1));
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
    }
}
