package dev.confab.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;

/**
 * Connection pools, migrations and the Jdbi handles of one store. Writes and reads use separate
 * pools: SQLite allows one writer at a time, so its write pool has exactly one connection (no
 * SQLITE_BUSY between our own writers) while readers run in parallel on the WAL.
 */
public final class Database implements AutoCloseable {
    /** How often a store known to be down is tried again. */
    private static final java.time.Duration PROBE_EVERY = java.time.Duration.ofMillis(250);

    private final Dialect dialect;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final StoreOutage outage;
    final StorePool writer;
    final StorePool reader;

    private Database(Dialect dialect, HikariDataSource writePool, HikariDataSource readPool, StoreOutage outage) {
        this.dialect = dialect;
        this.writePool = writePool;
        this.readPool = readPool;
        this.outage = outage;
        // The read pool is the probe's: the single SQLite write connection stays for writes.
        DataSource reads = outage.guard(readPool);
        this.writer = new StorePool(Jdbi.create(outage.guard(writePool)));
        this.reader = new StorePool(Jdbi.create(reads));
    }

    public static Database open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, new SimpleMeterRegistry());
    }

    /** Opens the store with its pools' metrics (connections active, idle, pending, timeouts) in {@code metrics}. */
    public static Database open(String url, String user, String password, int poolSize, MeterRegistry metrics) {
        MicrometerMetricsTrackerFactory poolMetrics = new MicrometerMetricsTrackerFactory(metrics);
        Dialect dialect = Dialect.of(url);
        HikariDataSource write;
        HikariDataSource read;
        StoreOutage outage = new StoreOutage(PROBE_EVERY);
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(url.substring("jdbc:sqlite:".length()));
            write = pool(
                    "confab-write",
                    url,
                    user,
                    password,
                    1,
                    sqlite(SQLiteConfig.TransactionMode.IMMEDIATE),
                    null,
                    outage,
                    poolMetrics);
            read = pool(
                    "confab-read",
                    url,
                    user,
                    password,
                    poolSize,
                    sqlite(SQLiteConfig.TransactionMode.DEFERRED),
                    null,
                    outage,
                    poolMetrics);
        } else {
            write = pool(
                    "confab-write", url, user, password, Math.max(2, poolSize / 2), null, null, outage, poolMetrics);
            // A read transaction sees one snapshot, as a SQLite one does. Set once per connection:
            // asked for per transaction, the driver sent two more statements for each sync page.
            read = pool(
                    "confab-read",
                    url,
                    user,
                    password,
                    poolSize,
                    null,
                    "TRANSACTION_REPEATABLE_READ",
                    outage,
                    poolMetrics);
        }
        try {
            Flyway.configure()
                    .dataSource(write)
                    .locations("classpath:" + dialect.migrations)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            write.close();
            read.close();
            throw e;
        }
        return new Database(dialect, write, read, outage);
    }

    private static SQLiteConfig sqlite(SQLiteConfig.TransactionMode mode) {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit is on disk, not only in the OS cache, before any acknowledgement.
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.setBusyTimeout(5000);
        c.enforceForeignKeys(true);
        c.setTransactionMode(mode);
        return c;
    }

    private static HikariDataSource pool(
            String name,
            String url,
            String user,
            String password,
            int size,
            SQLiteConfig sqlite,
            String isolation,
            StoreOutage outage,
            MicrometerMetricsTrackerFactory metrics) {
        HikariConfig hc = new HikariConfig();
        hc.setMetricsTrackerFactory(metrics);
        hc.setPoolName(name);
        hc.setJdbcUrl(url);
        if (user != null && !user.isEmpty()) hc.setUsername(user);
        if (password != null && !password.isEmpty()) hc.setPassword(password);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(size, 2));
        hc.setConnectionTimeout(10_000);
        hc.setExceptionOverride(outage);
        if (sqlite != null) hc.setDataSourceProperties(sqlite.toProperties());
        if (isolation != null) hc.setTransactionIsolation(isolation);
        return new HikariDataSource(hc);
    }

    private static void createParentDirectory(String file) {
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A pooled connection for whole-store work (copy, backup) that Jdbi's per-statement API does not fit. */
    java.sql.Connection readConnection() throws java.sql.SQLException {
        return readPool.getConnection();
    }

    java.sql.Connection writeConnection() throws java.sql.SQLException {
        return writePool.getConnection();
    }

    /** True when the store answers a trivial query (false at once while it is known to be down). */
    public boolean ping() {
        try {
            return reader.withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())
                    == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        outage.close();
        readPool.close();
        writePool.close();
    }
}
