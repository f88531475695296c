package dev.celestial.db;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The one reading of database and driver errors: SQLSTATE classes as r2dbc-postgresql's
 * {@code ExceptionFactory} groups them, and the driver's, pool's and network's own failures. The error
 * mapper answers by {@link #classify}, read routing retries on the primary by {@link #isConnectionError}
 * and {@link #isRecoveryConflict}, and the archive tells a lock it waited too long for by
 * {@link #isLockNotAvailable}.
 */
public final class DatabaseErrors {

    /** What an error means for the request that met it. */
    public enum Outcome {
        /** No connection in time (pool exhausted, acquire or read timeout): retry later. */
        BUSY,
        /** Class 23, an integrity constraint: the data conflicts with stored data. */
        CONFLICT,
        /** Class 22, a value the database cannot hold. */
        INVALID_VALUE,
        /** A serialization failure, deadlock, lock not available, write on a standby, or a lost connection: retry. */
        RETRY,
        /** 57014, the statement timed out. */
        STATEMENT_TIMEOUT,
        /** Anything else: the database refused the statement. */
        FAILED
    }

    private DatabaseErrors() {
    }

    public static Outcome classify(Throwable error) {
        String state = sqlState(error);
        if (cause(error, TimeoutException.class) != null || state == null && isPoolError(error)) {
            return Outcome.BUSY;
        }
        if (state != null && state.startsWith("23")) {
            return Outcome.CONFLICT;
        }
        if (state != null && state.startsWith("22")) {
            return Outcome.INVALID_VALUE;
        }
        // 25006: a write reached a server in recovery (a connection a failover left on a demoted node)
        if ("40001".equals(state) || "40P01".equals(state) || "55P03".equals(state) || "25006".equals(state) || isConnectionError(error)) {
            return Outcome.RETRY;
        }
        return "57014".equals(state) ? Outcome.STATEMENT_TIMEOUT : Outcome.FAILED;
    }

    /** The driver's error in {@code error}'s causes (the first), or null. */
    public static R2dbcException driverError(Throwable error) {
        return cause(error, R2dbcException.class);
    }

    /** The SQLSTATE of the driver's error in {@code error}'s causes, or null. */
    public static String sqlState(Throwable error) {
        R2dbcException driver = driverError(error);
        return driver == null ? null : driver.getSqlState();
    }

    /** 55P03: a lock not granted within {@code lock_timeout}. */
    public static boolean isLockNotAvailable(Throwable error) {
        return "55P03".equals(sqlState(error));
    }

    /**
     * A standby cancelled the query because replaying the primary's WAL needed what it held (40001), or
     * broke a buffer-pin deadlock with recovery (40P01). The primary has no such conflict.
     */
    public static boolean isRecoveryConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r2dbc && ("40001".equals(r2dbc.getSqlState()) || "40P01".equals(r2dbc.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /** A lost or refused connection (08xxx, 57Pxx, I/O, pool), as opposed to an error in the statement. */
    public static boolean isConnectionError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r2dbc && "57014".equals(r2dbc.getSqlState())) {
                // a statement timeout: the connection is fine, and the primary would only wait as long again
                return false;
            }
            if (t instanceof ReaderConnections.Busy) {
                // every reader connection is busy: the replica is fine, and these reads must not spill onto
                // the primary, where ingestion writes
                return false;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                    || t instanceof IOException || t instanceof TimeoutException || t instanceof DataAccessResourceFailureException
                    || t.getClass().getName().startsWith("io.r2dbc.pool.")
                    // no host of a multi-host URL answered in the role asked for (a primary mid-failover)
                    || t.getClass().getName().startsWith("io.r2dbc.postgresql.MultiHostConnectionStrategy")
                    || t.getClass().getName().startsWith("io.netty.channel.")) {
                return true;
            }
            if (t instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
                    && (r2dbc.getSqlState().startsWith("08") || r2dbc.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPoolError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.r2dbc.pool.")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
