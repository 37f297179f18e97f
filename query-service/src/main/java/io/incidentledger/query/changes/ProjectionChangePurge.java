package io.incidentledger.query.changes;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.store.DatabaseFailures;

/**
 * Keeps {@code projection_change} small: every projected event adds a row per read-model processor, and nothing
 * else ever deletes one. Every {@code incident-ledger.changes.purge-interval} (1 min) this deletes the rows written
 * more than {@code incident-ledger.changes.retention} (10 min) ago by the database's clock, except each processor's
 * newest row.
 *
 * <p>What the readers need, and why that is safe:
 * <ul>
 *   <li>Every instance's {@link ProjectionChanges} poller reads the rows after its own cursor, every 100 ms; a row is
 *   purged only once it has been there for the retention, some 6000 polls. An instance that could not poll for that
 *   long (its database was unreachable: then nothing was written either) misses announcements of changes it could
 *   not have announced in time anyway; its in-memory documents rebuild on the next change all the same.</li>
 *   <li>A starting instance's cursor, {@link ProjectionChanges#latestPosition} and {@link ProjectionChanges#progress} (the front page's "anything changed") read each processor's highest
 *   position: the newest row per processor is never purged, so those numbers never go back.</li>
 *   <li>The live stream reads the announcements, not this table.</li>
 * </ul>
 * Every instance purges; the statement is idempotent, so two doing it at once is harmless.
 */
@Component
public class ProjectionChangePurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionChangePurge.class);

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    ProjectionChangePurge(JdbcClient jdbc,
                          @Value("${incident-ledger.changes.retention:10m}") Duration retention,
                          @Value("${incident-ledger.changes.purge-interval:1m}") Duration interval) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.interval = interval;
    }

    /** Purges the rows written more than the configured retention ago; returns how many. */
    public int purge() {
        return purge(retention);
    }

    /** Purges the rows written more than {@code retention} ago, each processor's newest row excepted. */
    public int purge(Duration retention) {
        // The database's clock, the one that stamped committed_at: no skew between instances and the database.
        OffsetDateTime now = jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single();
        return jdbc.sql("""
                        DELETE FROM projection_change
                        WHERE committed_at < ?
                          AND position < (SELECT MAX(newest.position) FROM projection_change newest
                                          WHERE newest.processor = projection_change.processor)""")
                .param(now.minus(retention))
                .update();
    }

    private void purgeSafely() {
        try {
            int purged = purge();
            if (purged > 0) {
                log.debug("Purged {} projection_change rows older than {}", purged, retention);
            }
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isUnreachable(e)) {
                log.warn("Purging projection_change failed; trying again in {}", interval, e);
            }
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "projection-change-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
