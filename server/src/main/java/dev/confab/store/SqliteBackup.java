package dev.confab.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * An online, consistent copy of an embedded store while the server keeps running: {@code VACUUM
 * INTO} reads one snapshot of the WAL database (writers are not blocked) and writes a compact,
 * self-contained file with no WAL beside it.
 */
public final class SqliteBackup {
    private SqliteBackup() {}

    public static void snapshot(Database db, Path target) {
        if (db.dialect() != Dialect.SQLITE) {
            throw new IllegalStateException(
                    "online backup here is for the embedded SQLite store; back up PostgreSQL with pg_dump (docs/operations.md)");
        }
        if (Files.exists(target)) throw new IllegalStateException(target + " already exists");
        try (Connection c = db.readConnection();
                PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, target.toAbsolutePath().toString());
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("backup failed: " + e.getMessage(), e);
        }
    }
}
