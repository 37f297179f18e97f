package io.incidentledger.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells "the database cannot be reached" apart from every other failure, whatever wraps it (Spring's data
 * access and transaction exceptions, Axon's event store and command exceptions, Hikari's timeout). Only this
 * kind of failure is answered with the last known data or a 503: a bad statement or a bug stays a 500, so a
 * broken query is never disguised as an outage.
 */
public final class DatabaseFailures {

    /** PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now, and too_many_connections. */
    private static final Set<String> UNREACHABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseFailures() {
    }

    /**
     * Whether {@code failure} is the connection pool's timeout while the database itself answers: every pooled
     * connection stayed busy for the whole configured wait. Hikari attaches the last failure to connect as the
     * cause when the database is really gone; with none attached, the pool was simply full. That is overload,
     * not an outage, and is answered as such.
     */
    public static boolean isPoolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException timeout) {
                return timeout.getCause() == null && timeout.getSQLState() == null
                        && timeout.getNextException() == null;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure}, or anything that caused it, says the database cannot be reached. A pool that is
     * merely full ({@link #isPoolExhausted}) counts too, for callers that only need to know that no connection
     * could be had; tell the two apart by asking {@link #isPoolExhausted} first.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNREACHABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure}, or anything that caused it, is a unique-key violation: SQLSTATE 23505, which
     * PostgreSQL and H2 both report. Not the generic integrity class 23000, which a NOT NULL or foreign key breach
     * shares: those are bugs, never a lost race.
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
