package io.incidentledger.query.asof;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.incidentledger.query.Processors;

/**
 * The read models as they stood at a past recorded instant, rebuilt on demand: a private in-memory database
 * with the read-model schema, into which every event recorded up to that instant is replayed through the very
 * handlers of the live projections. Replaying rather than filtering the live tables by time is what makes an
 * {@code asOf} answer exactly the answer given then, for every endpoint at once, with no query written twice:
 * later updates, resolutions and corrections simply have not happened in the snapshot.
 *
 * <p>Building costs one pass over the store up to the instant, so builds are serialised (a burst of
 * {@code asOf} requests cannot exhaust memory) and the few most recent settled instants, ones older than
 * {@link #SETTLED}, are kept: an auditor paging through one past moment pays once. A snapshot for a moment
 * still settling, when commits stamped a little earlier may still arrive, is built for its request alone.
 */
@Component
public class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

    /** An instant this far in the past can no longer gain events: its snapshot never changes. */
    static final Duration SETTLED = Duration.ofMinutes(1);

    /** How many settled snapshots are kept in memory. */
    static final int KEPT = 4;

    private static final AtomicLong NAMES = new AtomicLong();

    private final EventStorageEngine storage;
    private final EventProcessingConfiguration processing;
    private final ReadingClock clock;
    private final Map<Instant, Snapshot> kept = new LinkedHashMap<>(KEPT, 0.75f, true);

    Snapshots(EventStorageEngine storage, EventProcessingConfiguration processing, java.time.Clock clock) {
        this.storage = storage;
        this.processing = processing;
        this.clock = clock instanceof ReadingClock reading ? reading : ReadingClock.over(clock);
    }

    /** The read models as of {@code instant}, to be closed when the request is done with them. */
    public synchronized Lease lease(Instant instant) {
        Snapshot snapshot = kept.get(instant);
        if (snapshot != null) {
            snapshot.retain();
            return new Lease(snapshot);
        }
        snapshot = build(instant); // held once already: that hold becomes the lease's
        if (instant.isBefore(clock.worldInstant().minus(SETTLED))) {
            snapshot.retain();
            kept.put(instant, snapshot);
            evictBeyondKept();
        }
        return new Lease(snapshot);
    }

    /** How many snapshots are held in memory now; for tests. */
    synchronized int kept() {
        return kept.size();
    }

    private void evictBeyondKept() {
        Iterator<Snapshot> eldest = kept.values().iterator();
        while (kept.size() > KEPT) {
            Snapshot evicted = eldest.next();
            eldest.remove();
            evicted.release();
        }
    }

    private Snapshot build(Instant instant) {
        long started = System.nanoTime();
        String name = "as-of-" + NAMES.incrementAndGet();
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
        Snapshot snapshot = new Snapshot(pool);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/query")
                    .table("flyway_query_history").load().migrate();
            List<EventHandlerInvoker> projections = projections();
            long replayed = replay(instant, pool, projections);
            log.info("Read models as of {} rebuilt from {} events in {} ms", instant, replayed,
                    (System.nanoTime() - started) / 1_000_000);
            return snapshot;
        } catch (RuntimeException e) {
            snapshot.release();
            throw e;
        }
    }

    /** The processors whose handlers a snapshot replays: every read model, never the audit chain. */
    public List<String> processors() {
        return Processors.READ_MODELS;
    }

    private List<EventHandlerInvoker> projections() {
        List<EventHandlerInvoker> invokers = new ArrayList<>();
        for (String name : processors()) {
            AbstractEventProcessor processor = processing.eventProcessor(name, AbstractEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("no event processor " + name));
            invokers.add(processor.eventHandlerInvoker());
        }
        return invokers;
    }

    private long replay(Instant instant, DataSource snapshot, List<EventHandlerInvoker> projections) {
        long replayed = 0;
        AsOf.Reading outer = AsOf.current().orElse(null);
        AsOf.begin(new AsOf.Reading(instant, snapshot));
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                // Global order is commit order, not quite timestamp order: skip, never stop, at the first later one.
                if (event.getTimestamp().isAfter(instant)) {
                    continue;
                }
                for (EventHandlerInvoker projection : projections) {
                    if (projection.canHandle(event, Segment.ROOT_SEGMENT)) {
                        handle(projection, event);
                    }
                }
                replayed++;
            }
        } finally {
            if (outer == null) {
                AsOf.end();
            } else {
                AsOf.begin(outer);
            }
        }
        return replayed;
    }

    private static void handle(EventHandlerInvoker projection, TrackedEventMessage<?> event) {
        ResultMessage<Object> result = DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
            projection.handle(event, Segment.ROOT_SEGMENT);
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("Could not replay event " + event.getIdentifier() + " as of a past instant",
                    result.exceptionResult());
        }
    }

    /** A snapshot database, dropped when the last of its holders lets go. */
    static final class Snapshot {

        private final JdbcConnectionPool pool;
        private final AtomicInteger holders = new AtomicInteger();

        /** Held once, by whoever built it. */
        Snapshot(JdbcConnectionPool pool) {
            this.pool = pool;
            holders.set(1);
        }

        DataSource dataSource() {
            return pool;
        }

        void retain() {
            holders.incrementAndGet();
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                } catch (SQLException e) {
                    log.warn("Could not drop a snapshot of the read models", e);
                }
                pool.dispose();
            }
        }
    }

    /** A request's hold on a snapshot. */
    public static final class Lease implements AutoCloseable {

        private final Snapshot snapshot;
        private boolean closed;

        Lease(Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        public DataSource readModels() {
            return snapshot.dataSource();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                snapshot.release();
            }
        }
    }
}
