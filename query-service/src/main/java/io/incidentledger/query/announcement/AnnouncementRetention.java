package io.incidentledger.query.announcement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.query.Sql;
import io.incidentledger.store.DatabaseFailures;

/**
 * Keeps what notifications leave behind from growing without end, and personal data no longer than needed. Every
 * {@code incident-ledger.announcements.purge-interval} (1 h) it deletes:
 * <ul>
 *   <li>announcements older than {@code incident-ledger.announcements.retention} (30 days) that delivery has fanned
 *   out, the newest excepted (the live stream's horizon: a client that last saw a deleted one is told to reload);</li>
 *   <li>messages delivered or given up on longer than the retention ago, with their attempts;</li>
 *   <li>email subscribers who did not confirm within {@code incident-ledger.subscriptions.unconfirmed-expiry}
 *   (7 days): an address nobody confirmed is not kept.</li>
 * </ul>
 * Every instance purges; the statements are idempotent, so two doing it at once is harmless.
 */
@Component
class AnnouncementRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnnouncementRetention.class);

    /** What one purge deleted. */
    record Purged(int announcements, int messages, int unconfirmedSubscribers) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;
    private final Duration unconfirmedExpiry;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    AnnouncementRetention(JdbcClient jdbc, Clock clock,
                          @Value("${incident-ledger.announcements.retention:P30D}") Duration retention,
                          @Value("${incident-ledger.subscriptions.unconfirmed-expiry:P7D}") Duration unconfirmedExpiry,
                          @Value("${incident-ledger.announcements.purge-interval:PT1H}") Duration interval) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.unconfirmedExpiry = unconfirmedExpiry;
        this.interval = interval;
    }

    Purged purge() {
        Instant now = clock.instant();
        int announcements = jdbc.sql("""
                        DELETE FROM announcement
                        WHERE created_at < ?
                          AND announcement_id <= (SELECT last_announcement_id FROM delivery_cursor WHERE cursor_id = 'fanout')
                          AND announcement_id < (SELECT MAX(newest.announcement_id) FROM announcement newest)""")
                .param(Sql.utc(now.minus(retention))).update();
        int messages = jdbc.sql("""
                        DELETE FROM delivery_message WHERE state IN ('delivered', 'dead') AND finished_at < ?""")
                .param(Sql.utc(now.minus(retention))).update();
        int unconfirmed = jdbc.sql("""
                        DELETE FROM subscriber WHERE confirmed_at IS NULL AND created_at < ?""")
                .param(Sql.utc(now.minus(unconfirmedExpiry))).update();
        return new Purged(announcements, messages, unconfirmed);
    }

    private void purgeSafely() {
        try {
            Purged purged = purge();
            log.debug("Retention: {}", purged);
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isUnreachable(e)) {
                log.warn("Purging announcements failed; trying again in {}", interval, e);
            }
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "announcement-retention");
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
