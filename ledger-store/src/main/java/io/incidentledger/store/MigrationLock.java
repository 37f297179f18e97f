package io.incidentledger.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One process migrates the shared database at a time. Flyway serialises migrations by locking its history table,
 * which does not hold on H2: the table must exist to be locked (two starts on an empty database both create it),
 * and a row lock on an empty table locks nothing, so two services started together ran the same script at once
 * and left a failed migration behind. On H2 this lock is a row that always exists, taken with {@code SELECT ...
 * FOR UPDATE} in a transaction held for the whole migration; its table lives in a schema of its own, because
 * Flyway refuses to start on a default schema that holds anything but its own tables. The next process blocks on
 * it for up to {@link #PATIENCE} (H2's lock timeout, set on the lock's own session), then finds the
 * migrations applied and applies nothing. On PostgreSQL a session advisory lock does the same with no table and
 * no privilege beyond connecting. The connection waits for nothing but the lock, at start-up only.
 */
final class MigrationLock {

    /** The lock's table on H2: ours, not Flyway's, outside every migration (it must exist before the first). */
    static final String TABLE = "ledger_lock.migration_lock";

    /** The advisory lock's key on PostgreSQL: any constant no other code uses ("ledgerm" in ASCII). */
    static final long ADVISORY_KEY = 0x6c_65_64_67_65_72_6dL;

    /** How long a start waits for another one's migrations. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    private MigrationLock() {
    }

    static void holding(DataSource dataSource, Runnable migrations) {
        try (Connection connection = outsideThePool(dataSource)) {
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                holdingAdvisoryLock(connection, migrations);
                return;
            }
            ensureLockRow(connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCK_TIMEOUT " + PATIENCE.toMillis());
                    statement.executeQuery("SELECT id FROM " + TABLE + " WHERE id = 1 FOR UPDATE").close();
                }
                migrations.run();
            } finally {
                connection.commit();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the migration lock (" + TABLE + "): " + e.getMessage(), e);
        }
    }

    private static void ensureLockRow(Connection connection) throws SQLException {
        try {
            createLockRow(connection);
        } catch (SQLException raced) {
            // H2 refuses a CREATE ... IF NOT EXISTS that runs at the same moment as the same one elsewhere
            // ("object already exists"); the second try finds the table made.
            createLockRow(connection);
        }
    }

    private static void createLockRow(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS ledger_lock");
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INTEGER PRIMARY KEY)");
            statement.execute("INSERT INTO " + TABLE + " (id) VALUES (1) ON CONFLICT DO NOTHING");
        }
    }

    /**
     * The lock's own connection, not one of the pool's: Flyway takes its connections from the pool while the lock
     * is held, and a small pool (two connections) would have none left for it.
     */
    private static Connection outsideThePool(DataSource dataSource) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        }
        return dataSource.getConnection();
    }

    private static void holdingAdvisoryLock(Connection connection, Runnable migrations) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + ADVISORY_KEY + ")");
            try {
                migrations.run();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + ADVISORY_KEY + ")");
            }
        }
    }
}
