package dev.confab.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Whether the store is known to be down, shared by its pools. While it is, {@link #guard} pools
 * refuse at once instead of making every caller wait out the pool's connection timeout (10 s each,
 * twice for a REST send: authentication, then the commit). Known down: a connection could not be
 * opened (not merely: all were busy), or a statement failed with a state that means the connection or the server is gone. One
 * probe thread then tries a real connection every {@code probeEvery} and lifts the refusal as soon
 * as one works, so the server recovers by itself.
 */
final class StoreOutage implements SQLExceptionOverride {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(StoreOutage.class);

    private final Duration probeEvery;
    private volatile boolean down;
    private volatile DataSource probeThrough;
    private Thread probe;

    StoreOutage(Duration probeEvery) {
        this.probeEvery = probeEvery;
    }

    boolean down() {
        return down;
    }

    /** Hikari shows us every SQLException its connections throw; we only watch, eviction stays Hikari's call. */
    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (meansStoreGone(e)) markDown(e);
        return Override.CONTINUE_EVICT;
    }

    /**
     * SQLState class 08 (connection exception), 57P01-57P03 (PostgreSQL admin shutdown, crash
     * shutdown, cannot connect now) and 53300 (too many connections): none is about the statement.
     */
    static boolean meansStoreGone(SQLException e) {
        String state = e.getSQLState();
        if (state == null) return false;
        return state.startsWith("08")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03")
                || state.equals("53300");
    }

    /**
     * Whether a failed wait for a connection means the store cannot be reached. Hikari's timeout
     * carries the pool's last failure to open a connection as its cause; a timeout without one only
     * means every connection was busy, and a busy store is not a down one (refusing everything
     * then would turn a burst into an outage: 5,000 sockets saying hello at once did).
     */
    static boolean couldNotConnect(SQLException e) {
        return e.getCause() != null || meansStoreGone(e);
    }

    private synchronized void markDown(Exception cause) {
        if (down || probeThrough == null) return;
        down = true;
        log.warn("store is down; refusing store work at once until it answers again: {}", cause.toString());
        probe = Thread.ofPlatform().name("store-probe").daemon().start(this::probeUntilBack);
    }

    private void probeUntilBack() {
        while (down) {
            try (Connection c = probeThrough.getConnection()) {
                if (c.isValid(2)) {
                    down = false;
                    log.info("store answers again");
                    return;
                }
            } catch (SQLException e) {
                log.debug("store still down: {}", e.toString());
            }
            try {
                Thread.sleep(probeEvery.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void close() {
        down = false;
        if (probe != null) probe.interrupt();
    }

    /** The pool as callers see it: refusing at once while the store is down. */
    DataSource guard(DataSource pool) {
        if (probeThrough == null) probeThrough = pool;
        return new Guarded(pool);
    }

    private final class Guarded implements DataSource {
        private final DataSource pool;

        Guarded(DataSource pool) {
            this.pool = pool;
        }

        @java.lang.Override
        public Connection getConnection() throws SQLException {
            if (down)
                throw new SQLTransientConnectionException("the store is down; not waiting for a connection", "08001");
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                if (couldNotConnect(e)) markDown(e);
                throw e;
            }
        }

        @java.lang.Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the pool has its own credentials");
        }

        @java.lang.Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @java.lang.Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @java.lang.Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @java.lang.Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @java.lang.Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @java.lang.Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return pool.unwrap(type);
        }

        @java.lang.Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return pool.isWrapperFor(type);
        }
    }
}
