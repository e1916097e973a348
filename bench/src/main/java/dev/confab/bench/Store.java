package dev.confab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database a run uses: a SQLite file under the work directory, or a PostgreSQL database on
 * 127.0.0.1:5432 (trust auth, user postgres), created fresh for the run unless reused.
 */
record Store(String kind, String serverUrl, String user, String jdbcUrl, Path sqliteFile) {
    static final String PG_HOST = System.getProperty("confab.bench.pg", "127.0.0.1:5432");

    static Store of(String kind, Path workDir, String name) throws IOException {
        return switch (kind) {
            case "sqlite" -> {
                Files.createDirectories(workDir);
                Path file = workDir.resolve(name + ".db").toAbsolutePath();
                yield new Store(kind, "jdbc:sqlite:" + file, null, "jdbc:sqlite:" + file, file);
            }
            case "postgres", "postgresql", "pg" -> {
                String url = "jdbc:postgresql://" + PG_HOST + "/confab_bench_" + name;
                yield new Store("postgres", url, "postgres", url, null);
            }
            default -> throw new IllegalArgumentException("--store must be sqlite or postgres, got " + kind);
        };
    }

    boolean isSqlite() {
        return "sqlite".equals(kind);
    }

    /** Drops whatever the store holds, leaving an empty database for the server's migrations. */
    void recreate() throws IOException, SQLException {
        if (isSqlite()) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(Path.of(sqliteFile + suffix));
            return;
        }
        String db = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + "/postgres", user, null);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db);
        }
    }

    boolean exists() throws SQLException {
        if (isSqlite()) return Files.exists(sqliteFile);
        String db = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + "/postgres", user, null);
                var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            return ps.executeQuery().next();
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, null);
    }
}
