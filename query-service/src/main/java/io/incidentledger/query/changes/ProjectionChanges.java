package io.incidentledger.query.changes;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.query.Processors;
import io.incidentledger.query.database.DatabaseWatch;
import io.incidentledger.store.DatabaseFailures;

/**
 * Announces every committed projection change to this instance as a {@link ProjectionChanged} application
 * event, in order per processor, by polling {@code projection_change} (every
 * {@code incident-ledger.changes.poll-interval}, 100 ms by default, and at once after each commit of this
 * instance's own projections, or, on PostgreSQL, of any instance's: {@link CommitSignal}). Starts from what is already there: a
 * fresh instance announces only what changes after it started. {@link #since} serves resumption.
 */
@Component
public class ProjectionChanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionChanges.class);

    /** The processors whose changes are recorded and announced: the read models (the audit chain is evidence). */
    private static final List<String> PROCESSORS = Processors.READ_MODELS;

    /** Each processor's latest position, one column each, in the order of {@link #PROCESSORS}: one indexed MAX each. */
    private static final String POSITIONS = "SELECT " + String.join(", ", Collections.nCopies(
            PROCESSORS.size(),
            "(SELECT COALESCE(MAX(position), -1) FROM projection_change WHERE processor = ?)"));

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final Duration pollInterval;
    private final DatabaseWatch database;
    private final Map<String, Long> announcedUpTo = new HashMap<>();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    /** While a rebuild replays the store: nothing is recorded or announced (see {@link #quietWhile}). */
    private final AtomicBoolean quiet = new AtomicBoolean();
    private volatile long lastPollStarted = System.nanoTime();
    private boolean advancePending;
    private volatile ScheduledExecutorService poller;
    private final Timer announceDelay;

    ProjectionChanges(JdbcClient jdbc, ApplicationEventPublisher publisher,
                      @Value("${incident-ledger.changes.poll-interval:100ms}") Duration pollInterval,
                      DatabaseWatch database, LocalCommits localCommits, MeterRegistry meters) {
        this.jdbc = jdbc;
        // What a reader of this instance waits for a change, but for the documents' rebuild after it: the event's
        // time (command-service's clock) to its announcement here. Per instance, so the slowest one shows.
        this.announceDelay = Timer.builder("ledger.changes.announce.delay")
                .description("From an event's time to this instance announcing its projection change")
                .publishPercentileHistogram().register(meters);
        this.publisher = publisher;
        this.pollInterval = pollInterval;
        this.database = database;
        // A change this instance projected is announced right after its commit, not up to a poll interval later:
        // its documents are rebuilt at once (the other instances hear of it at their next poll).
        localCommits.whenCommitted(this::pollSoon);
    }

    /** The changes after {@code position}, oldest first, at most {@code limit}. */
    public List<ProjectionChanged> since(long position, int limit) {
        return jdbc.sql("""
                        SELECT processor, position, aggregate_id, event_type, recorded_at FROM projection_change
                        WHERE position > ? ORDER BY position LIMIT ?""")
                .params(position, limit)
                .query((rs, n) -> change(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    /** The highest position any projection has committed, or -1 if none. */
    public long latestPosition() {
        return jdbc.sql("SELECT COALESCE(MAX(position), -1) FROM projection_change").query(Long.class).single();
    }

    /**
     * A number that grows with every change any projection commits: the sum of each processor's latest position.
     * {@link #latestPosition} does not do for "has anything changed": the processors commit independently, so one
     * may commit a position below the other's latest after it.
     */
    public long progress() {
        // One round trip, one indexed MAX per processor.
        return positions().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Each read-model processor's latest committed position (-1 before its first change), in one statement: what
     * {@link #progress} sums, for a reader that also wants to know which processor moved.
     */
    public Map<String, Long> positions() {
        return jdbc.sql(POSITIONS).params(PROCESSORS.toArray()).query(rs -> {
            rs.next();
            Map<String, Long> positions = new LinkedHashMap<>();
            for (int i = 0; i < PROCESSORS.size(); i++) {
                positions.put(PROCESSORS.get(i), rs.getLong(i + 1));
            }
            return positions;
        });
    }

    /**
     * The aggregates whose events {@code processor} committed after position {@code after}, up to {@code upTo}, at
     * most {@code limit} of them; empty when that cannot be told from what is kept: more than {@code limit}, or rows
     * after {@code after} may have been purged. Complete for a processor of one segment, whose positions commit
     * in order (the README asks for one segment per read model).
     */
    public Optional<Set<String>> aggregatesChanged(String processor, long after, long upTo, int limit) {
        long oldestKept = jdbc.sql("SELECT COALESCE(MIN(position), -1) FROM projection_change WHERE processor = ?")
                .param(processor).query(Long.class).single();
        // The purge removes the oldest rows (by time, and so by position) and always leaves a processor's newest:
        // when a row at or before `after` is still there, none after it is gone.
        if (oldestKept > after && after < upTo) {
            return Optional.empty();
        }
        List<String> aggregates = jdbc.sql("""
                        SELECT DISTINCT aggregate_id FROM projection_change
                        WHERE processor = ? AND position > ? AND position <= ? AND aggregate_id IS NOT NULL""")
                .params(processor, after, upTo).query(String.class).list();
        return aggregates.size() > limit ? Optional.empty() : Optional.of(Set.copyOf(aggregates));
    }

    /** The processors whose committed changes this announces, each with its own cursor. */
    public List<String> processors() {
        return PROCESSORS;
    }


    /**
     * Runs {@code rebuild} with no change recorded or announced while it replays the store, then announces the read
     * models as they are then, from the head of {@code projection_change}. Each replayed batch would otherwise
     * record a row per event and processor (a replay adds nothing to that log: it holds when each projection first
     * took each event) and rebuild the documents from half-rebuilt tables twice a poll interval, taking most of
     * the two cores the replay needs (measured: the poller's thread and the announcer had more CPU samples than the
     * processors). Every other instance is stopped during a rebuild ({@code admin.ProjectionRebuild}), so no one
     * else waits for these rows.
     */
    public <T> T quietWhile(Supplier<T> rebuild) {
        if (!quiet.compareAndSet(false, true)) {
            throw new IllegalStateException("a rebuild is quiet already");
        }
        try {
            return rebuild.get();
        } finally {
            synchronized (this) {
                if (poller != null) {
                    moveCursorsToTheHead();
                }
                advancePending = true;
                quiet.set(false);
            }
            pollSoon();
        }
    }

    /** Whether a rebuild is replaying the store: the {@code Recorder}s write nothing meanwhile. */
    boolean quiet() {
        return quiet.get();
    }

    /** Publishes what was committed since the last poll. Called by the poller; public for tests. */
    public synchronized void poll() {
        if (quiet.get()) {
            return;
        }
        lastPollStarted = System.nanoTime();
        int announced = 0;
        long latest = -1;
        for (String processor : PROCESSORS) {
            long upTo = announcedUpTo.getOrDefault(processor, -1L);
            // Within one processor (one segment) positions commit in order, so "after the last one seen" misses
            // nothing; across processors they need not, hence a cursor per processor.
            List<ProjectionChanged> changes = jdbc.sql("""
                            SELECT processor, position, aggregate_id, event_type, recorded_at FROM projection_change
                            WHERE processor = ? AND position > ? ORDER BY position LIMIT ?""")
                    .params(processor, upTo, BATCH)
                    .query((rs, n) -> change(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)))
                    .list();
            long now = System.currentTimeMillis();
            for (ProjectionChanged change : changes) {
                announcedUpTo.put(processor, change.position());
                announceDelay.record(Math.max(0, now - change.recordedAt().toEpochMilli()), TimeUnit.MILLISECONDS);
                publisher.publishEvent(change);
            }
            announced += changes.size();
            latest = Math.max(latest, announcedUpTo.getOrDefault(processor, -1L));
        }
        if (announced > 0 || advancePending) {
            // Until every listener has heard it: one that failed (the database went away while it rebuilt) hears it
            // again on the next poll, so the in-memory documents catch up without waiting for another change.
            advancePending = true;
            publisher.publishEvent(new ProjectionsAdvanced(latest, announced));
            advancePending = false;
        }
    }

    @Override
    public synchronized void start() {
        moveCursorsToTheHead();
        database.reachable();
        // The first poll announces the read models as they are, so every in-memory copy is built before the first
        // request: there is a last known status to serve should the database go away before anyone asked.
        advancePending = true;
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "projection-changes");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void moveCursorsToTheHead() {
        for (String processor : PROCESSORS) {
            announcedUpTo.put(processor, jdbc.sql(
                            "SELECT COALESCE(MAX(position), -1) FROM projection_change WHERE processor = ?")
                    .param(processor).query(Long.class).single());
        }
    }

    /**
     * One extra poll on the poller's thread, as soon as it is free, or, if the last one began less than half a poll
     * interval ago, once that half interval is over; any number of requests meanwhile make one. The first change
     * after a quiet spell goes out at once, while a processor catching up (a commit per batch, back to back, here or
     * on another instance through {@link CommitSignal}) makes the documents rebuild at most about twice per
     * interval, not once per batch.
     */
    void pollSoon() {
        ScheduledExecutorService current = poller;
        if (current != null && pollRequested.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPollStarted + pollInterval.toNanos() / 2 - System.nanoTime());
            try {
                current.schedule(() -> {
                    pollRequested.set(false);
                    pollSafely();
                }, wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                pollRequested.set(false);
            }
        }
    }

    private void pollSafely() {
        try {
            poll();
            database.reachable();
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUnreachable(e)) {
                // Logged once by the watch, not every 100 ms; the poll goes on probing until the database is back.
                database.unreachable(e);
                return;
            }
            // The next poll retries from the same cursor: nothing is skipped, a listener may see a change twice.
            log.warn("Polling projection changes failed; retrying", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    private static ProjectionChanged change(String processor, long position, String aggregateId, String eventType,
                                            OffsetDateTime recordedAt) {
        return new ProjectionChanged(processor, position, aggregateId, eventType, recordedAt.toInstant());
    }
}
