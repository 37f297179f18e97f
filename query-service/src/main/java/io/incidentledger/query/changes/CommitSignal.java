package io.incidentledger.query.changes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, tells every query-service instance at once that some instance's projections committed a change,
 * so that it polls {@code projection_change} now rather than at its next poll interval: the projection's
 * transaction sends {@code NOTIFY projection_change} (PostgreSQL delivers it on commit, and not at all on a
 * rollback), and each instance keeps one connection in {@code LISTEN}. The notification carries nothing: the table
 * stays the one source of what changed, so a lost notification (the listening connection dropped) costs at most a
 * poll interval, never a change.
 *
 * <p>The listening connection is opened with the driver, outside the pool: it waits for notifications for the
 * instance's whole life, and a pooled connection held that long would be one fewer for requests. On H2 this does
 * nothing; the poll interval is what a second instance waits there.
 */
@Component
public class CommitSignal implements SmartLifecycle {

    static final String CHANNEL = "projection_change";

    private static final Logger log = LoggerFactory.getLogger(CommitSignal.class);

    /** How long one wait for notifications lasts: also how soon a stop is noticed. */
    private static final int WAIT_MILLIS = 500;

    private final boolean postgres;
    private final String url;
    private final String username;
    private final String password;
    private final ProjectionChanges changes;
    private volatile Thread listener;
    private volatile CountDownLatch stopped = new CountDownLatch(1);

    CommitSignal(@Value("${spring.datasource.url:}") String url,
                 @Value("${spring.datasource.username:}") String username,
                 @Value("${spring.datasource.password:}") String password,
                 ProjectionChanges changes) {
        this.postgres = url.startsWith("jdbc:postgresql:");
        this.url = url;
        this.username = username;
        this.password = password;
        this.changes = changes;
    }

    /**
     * Called inside a projection's transaction: the instances listening hear of it when (and if) it commits.
     * PostgreSQL folds equal notifications of one transaction into one.
     */
    void send(JdbcClient jdbc) {
        if (postgres) {
            jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query((rs, n) -> 1).list();
        }
    }

    @Override
    public synchronized void start() {
        if (!postgres || listener != null) {
            return;
        }
        stopped = new CountDownLatch(1);
        listener = new Thread(this::listen, "projection-change-listener");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen() {
        long backoff = WAIT_MILLIS;
        while (listener == Thread.currentThread()) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // Anything committed while no connection listened is found by this poll.
                changes.pollSoon();
                backoff = WAIT_MILLIS;
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (listener == Thread.currentThread()) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        changes.pollSoon();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (listener != Thread.currentThread()) {
                    break;
                }
                // The scheduled poll goes on meanwhile; DatabaseWatch reports the outage, this only says why.
                log.debug("Listening for projection changes failed; reconnecting in {} ms", backoff, e);
                try {
                    if (stopped.await(backoff, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (!username.isEmpty()) {
            properties.setProperty("user", username);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "incident-ledger projection-change-listener");
        // A dead peer must not leave the wait blocked for good.
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        return connection;
    }

    @Override
    public synchronized void stop() {
        Thread running = listener;
        listener = null;
        stopped.countDown();
        if (running != null) {
            try {
                running.join(2 * WAIT_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return listener != null;
    }
}
