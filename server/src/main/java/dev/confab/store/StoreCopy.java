package dev.confab.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Copies a whole installation from one store to another (SQLite to PostgreSQL when a deployment
 * grows, or back). The target must be freshly migrated and hold no users. Tables and columns are
 * read from the target's schema rather than listed here, so a table added by a later migration is
 * copied without touching this class; derived data (full-text indexes) is rebuilt by the target's
 * own triggers as rows arrive. The source is read in one transaction, so the copy is a consistent
 * snapshot even if a server is still writing to it.
 */
public final class StoreCopy {
    private static final int BATCH = 1000;

    private StoreCopy() {}

    /** Row counts per table copied, in copy order. */
    public static Map<String, Long> copy(Database from, Database to, Consumer<String> progress) {
        try (Connection src = from.readConnection();
                Connection dst = to.writeConnection()) {
            src.setAutoCommit(false);
            if (from.dialect() == Dialect.POSTGRES) {
                src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                src.setReadOnly(true);
            }
            dst.setAutoCommit(false);
            try (Statement s = dst.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                rs.next();
                if (rs.getLong(1) > 0)
                    throw new IllegalStateException(
                            "the target store is not empty (it has users); copy into a new one");
            }
            List<String> tables = copyOrder(dst, to.dialect());
            Set<String> sourceTables = plainTables(src, from.dialect());
            // Rows that migrations seeded (the stream counter) are replaced by the source's.
            for (int i = tables.size() - 1; i >= 0; i--) {
                try (Statement s = dst.createStatement()) {
                    s.executeUpdate("DELETE FROM " + tables.get(i));
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : tables) {
                if (!sourceTables.contains(table)) continue;
                long n = copyTable(src, dst, table);
                counts.put(table, n);
                progress.accept(table + ": " + n + " rows");
            }
            if (to.dialect() == Dialect.POSTGRES) resetIdentities(dst);
            dst.commit();
            src.commit();
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("copy failed: " + e.getMessage(), e);
        }
    }

    private static long copyTable(Connection src, Connection dst, String table) throws SQLException {
        Map<String, Integer> targetTypes = columnTypes(dst, table);
        Map<String, Integer> sourceTypes = columnTypes(src, table);
        List<String> columns = new ArrayList<>();
        for (String c : targetTypes.keySet()) if (sourceTypes.containsKey(c)) columns.add(c);
        String list = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long n = 0;
        try (Statement read = src.createStatement();
                ResultSet rows = read.executeQuery("SELECT " + list + " FROM " + table);
                PreparedStatement insert =
                        dst.prepareStatement("INSERT INTO " + table + " (" + list + ") VALUES (" + marks + ")")) {
            read.setFetchSize(BATCH);
            while (rows.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    insert.setObject(
                            i + 1,
                            convert(rows, i + 1, targetTypes.get(columns.get(i))),
                            targetTypes.get(columns.get(i)));
                }
                insert.addBatch();
                if (++n % BATCH == 0) insert.executeBatch();
            }
            insert.executeBatch();
        }
        return n;
    }

    /** SQLite keeps booleans as integers and has no real type for most columns; the target's type decides. */
    private static Object convert(ResultSet rows, int column, int targetType) throws SQLException {
        Object v = rows.getObject(column);
        if (v == null) return null;
        return switch (targetType) {
            case Types.BOOLEAN, Types.BIT -> v instanceof Number num ? num.longValue() != 0 : v;
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT ->
                v instanceof Boolean b
                        ? (b ? 1L : 0L)
                        : v instanceof Number num ? num.longValue() : Long.parseLong(v.toString());
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> rows.getBytes(column);
            case Types.DOUBLE, Types.REAL, Types.FLOAT, Types.NUMERIC, Types.DECIMAL ->
                v instanceof Number num ? num.doubleValue() : v;
            default -> v instanceof byte[] ? v : v.toString();
        };
    }

    private static Map<String, Integer> columnTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> types = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i).toLowerCase(Locale.ROOT);
                // SQLite reports declared types loosely; map its affinities onto JDBC types we convert by.
                int type = md.getColumnType(i);
                String declared = md.getColumnTypeName(i) == null
                        ? ""
                        : md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
                if (declared.contains("INT") && type != Types.BOOLEAN) type = Types.BIGINT;
                if (declared.equals("BLOB")) type = Types.BLOB;
                types.put(name, type);
            }
        }
        return types;
    }

    /** The target's plain tables, parents before children, so every foreign key finds its row. */
    private static List<String> copyOrder(Connection c, Dialect dialect) throws SQLException {
        Set<String> tables = plainTables(c, dialect);
        Map<String, Set<String>> parents = new HashMap<>();
        DatabaseMetaData md = c.getMetaData();
        for (String t : tables) {
            Set<String> ps = new LinkedHashSet<>();
            try (ResultSet fk = md.getImportedKeys(null, null, t)) {
                while (fk.next()) {
                    String parent = fk.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(t) && tables.contains(parent)) ps.add(parent);
                }
            }
            parents.put(t, ps);
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String t : tables) visit(t, parents, done, new LinkedHashSet<>(), order);
        return order;
    }

    private static void visit(
            String t, Map<String, Set<String>> parents, Set<String> done, Set<String> path, List<String> order) {
        if (done.contains(t)) return;
        if (!path.add(t)) throw new IllegalStateException("foreign keys form a cycle through " + t);
        for (String p : parents.get(t)) visit(p, parents, done, path, order);
        done.add(t);
        order.add(t);
    }

    /** Ordinary tables of our schema: not Flyway's history, not SQLite's internals or full-text shadow tables. */
    static Set<String> plainTables(Connection c, Dialect dialect) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        String sql = dialect == Dialect.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
        Set<String> virtual = new LinkedHashSet<>();
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")) {
                while (rs.next()) virtual.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(1).toLowerCase(Locale.ROOT);
                if (name.startsWith("sqlite_") || name.equals("flyway_schema_history")) continue;
                if (virtual.stream().anyMatch(v -> name.startsWith(v + "_"))) continue;
                out.add(name);
            }
        }
        return out;
    }

    /** Rows were inserted with their ids, so PostgreSQL's identity sequences must move past them. */
    private static void resetIdentities(Connection c) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')""")) {
            while (rs.next()) identities.add(new String[] {rs.getString(1), rs.getString(2)});
        }
        for (String[] tc : identities) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + tc[0] + "', '" + tc[1] + "'), COALESCE(MAX("
                        + tc[1] + "), 1), MAX(" + tc[1] + ") IS NOT NULL) FROM " + tc[0]);
            }
        }
    }
}
