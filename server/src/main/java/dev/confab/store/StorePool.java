package dev.confab.store;

import dev.confab.error.ConfabException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool's Jdbi, with store failures translated here, at the edge: a failing query leaves the
 * store as {@code store_unavailable} (nothing was written; retry), its details only in the log, so
 * no caller above {@code store} knows of Jdbi or SQL.
 */
final class StorePool {
    private static final Logger log = LoggerFactory.getLogger(StorePool.class);

    private final Jdbi jdbi;

    StorePool(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Counts or logs every statement (tests in this package count the queries a page of history costs). */
    void setSqlLogger(org.jdbi.v3.core.statement.SqlLogger logger) {
        jdbi.setSqlLogger(logger);
    }

    <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw translated(e);
        }
    }

    <X extends Exception> void useHandle(HandleConsumer<X> callback) throws X {
        try {
            jdbi.useHandle(callback);
        } catch (JdbiException e) {
            throw translated(e);
        }
    }

    <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
        try {
            return jdbi.inTransaction(callback);
        } catch (JdbiException e) {
            throw translated(e);
        }
    }

    <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X {
        try {
            jdbi.useTransaction(callback);
        } catch (JdbiException e) {
            throw translated(e);
        }
    }

    <R, X extends Exception> R inTransaction(TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
        try {
            return jdbi.inTransaction(level, callback);
        } catch (JdbiException e) {
            throw translated(e);
        }
    }

    private static ConfabException translated(JdbiException e) {
        log.warn("store failure: {}", e.toString());
        return ConfabException.storeUnavailable();
    }
}
