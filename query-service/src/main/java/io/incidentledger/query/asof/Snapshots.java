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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;

import io.incidentledger.query.Processors;

/**
 * The read models as they stood at a past recorded instant, rebuilt on demand: a private in-memory database
 * with the read-model schema, into which every event recorded up to that instant is replayed through the very
 * handlers of the live projections. Replaying rather than filtering the live tables by time is what makes an
 * {@code asOf} answer exactly the answer given then, for every endpoint at once, with no query written twice:
 * later updates, resolutions and corrections simply have not happened in the snapshot.
 *
 * <p>What a build may cost is bounded, because anyone may ask for {@code asOf} on the public page:
 * <ul>
 *   <li>the few most recent <em>settled</em> instants (older than {@link #SETTLED}: no event stamped at or before
 *       them can still arrive) are kept, and a new instant is built from the nearest kept one before it: a copy of
 *       that database plus the events after it, read from the store position where that build stopped, not from
 *       the beginning;</li>
 *   <li>requests for one instant share one build;</li>
 *   <li>builds run one at a time (memory and CPU stay bounded), each waits at most its deadline for its turn and
 *       must finish within it, or the request is answered 503 with {@code Retry-After};</li>
 *   <li>each client may start only so many builds ({@link AsOfInterceptor}): a hostile client slows its own
 *       {@code asOf} answers, never the live page, which never touches a snapshot.</li>
 * </ul>
 * A snapshot for a moment still settling, when commits stamped a little earlier may still arrive, is built for
 * its requests alone and never used as a base.
 */
@Component
public class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

    /** An instant this far in the past can no longer gain events: its snapshot never changes. */
    static final Duration SETTLED = Duration.ofMinutes(1);

    /** How many settled snapshots are kept in memory. */
    static final int KEPT = 8;

    /** How often the build looks at its deadline, in events. */
    private static final int DEADLINE_CHECK_EVERY = 256;

    private static final AtomicLong NAMES = new AtomicLong();

    private final EventStorageEngine storage;
    private final EventProcessingConfiguration processing;
    private final ReadingClock clock;
    private final Duration deadline;
    /** Settled snapshots, least recently used first; guarded by {@code this}. */
    private final Map<Instant, Snapshot> kept = new LinkedHashMap<>(KEPT, 0.75f, true);
    /** Builds under way, which later requests for the same instant join; guarded by {@code this}. */
    private final Map<Instant, Flight> inFlight = new HashMap<>();
    /** One build at a time. Fair, so a build waiting for its turn is not overtaken for ever. */
    private final ReentrantLock buildTurn = new ReentrantLock(true);
    private final AtomicLong builds = new AtomicLong();
    private volatile Instant latestBase;

    Snapshots(EventStorageEngine storage, EventProcessingConfiguration processing, java.time.Clock clock,
              AsOfProperties properties) {
        this.storage = storage;
        this.processing = processing;
        this.clock = clock instanceof ReadingClock reading ? reading : ReadingClock.over(clock);
        this.deadline = properties.buildDeadline();
    }

    /** Whether a snapshot of {@code instant} is kept, so that a lease costs no build. */
    public synchronized boolean isKept(Instant instant) {
        return kept.containsKey(instant);
    }

    /**
     * The read models as of {@code instant}, to be closed when the request is done with them. Refused with a 503
     * if the build cannot get its turn or finish within the deadline.
     */
    public Lease lease(Instant instant) {
        Flight flight;
        boolean building;
        synchronized (this) {
            Snapshot cached = kept.get(instant);
            if (cached != null) {
                cached.retain();
                return new Lease(cached);
            }
            flight = inFlight.get(instant);
            building = flight == null;
            if (building) {
                flight = new Flight();
                inFlight.put(instant, flight);
            } else {
                flight.joiners++;
            }
        }
        if (building) {
            build(instant, flight);
        }
        return new Lease(await(flight));
    }

    /** How many snapshots are held in memory now; for tests. */
    synchronized int kept() {
        return kept.size();
    }

    /** How many builds ran, and what the latest one started from (null: the beginning); for tests. */
    long builds() {
        return builds.get();
    }

    Instant latestBase() {
        return latestBase;
    }

    /** The processors whose handlers a snapshot replays: every read model, never the audit chain. */
    public List<String> processors() {
        return Processors.READ_MODELS;
    }

    private void build(Instant instant, Flight flight) {
        long started = System.nanoTime();
        long until = started + deadline.toNanos();
        Snapshot snapshot = null;
        try {
            if (!buildTurn.tryLock(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy("other past moments are being rebuilt");
            }
            try {
                Snapshot base = nearestKeptBefore(instant);
                builds.incrementAndGet();
                latestBase = base == null ? null : base.instant;
                try {
                    snapshot = base == null ? fresh() : copyOf(base);
                    long replayed = replay(instant, base, snapshot, until);
                    log.info("Read models as of {} rebuilt from {} in {} ms, {} events replayed", instant,
                            base == null ? "the beginning" : "the snapshot of " + base.instant,
                            (System.nanoTime() - started) / 1_000_000, replayed);
                } finally {
                    if (base != null) {
                        base.release();
                    }
                }
            } finally {
                buildTurn.unlock();
            }
            land(instant, flight, snapshot);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(instant, flight, snapshot, busy("the service is shutting down"));
        } catch (RuntimeException e) {
            fail(instant, flight, snapshot, e);
        }
    }

    /** The build is done: its requests (builder and joiners) each get a hold; a settled one is kept. */
    private synchronized void land(Instant instant, Flight flight, Snapshot snapshot) {
        inFlight.remove(instant);
        snapshot.holders.addAndGet(flight.joiners); // the builder's hold is the one it was created with
        if (snapshot.instant.isBefore(clock.worldInstant().minus(SETTLED))) {
            snapshot.retain();
            kept.put(instant, snapshot);
            evictBeyondKept();
        }
        flight.done.complete(snapshot);
    }

    private synchronized void fail(Instant instant, Flight flight, Snapshot snapshot, RuntimeException failure) {
        inFlight.remove(instant);
        if (snapshot != null) {
            snapshot.release();
        }
        flight.done.completeExceptionally(failure);
    }

    private Snapshot await(Flight flight) {
        try {
            return flight.done.get(deadline.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // Whoever builds it keeps our hold for us: release it when the build lands.
            flight.done.thenAccept(Snapshot::release);
            throw busy("the moment asked for is still being rebuilt");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("the service is shutting down");
        }
    }

    /** The latest kept snapshot before {@code instant}, held for the build; null if none. */
    private synchronized Snapshot nearestKeptBefore(Instant instant) {
        Snapshot nearest = null;
        for (Snapshot candidate : kept.values()) {
            if (candidate.instant.isBefore(instant) && (nearest == null || candidate.instant.isAfter(nearest.instant))) {
                nearest = candidate;
            }
        }
        if (nearest != null) {
            nearest.retain();
        }
        return nearest;
    }

    private void evictBeyondKept() {
        Iterator<Snapshot> eldest = kept.values().iterator();
        while (kept.size() > KEPT) {
            Snapshot evicted = eldest.next();
            eldest.remove();
            evicted.release();
        }
    }

    private static Snapshot fresh() {
        Snapshot snapshot = new Snapshot(newDatabase());
        try {
            Flyway.configure().dataSource(snapshot.pool).locations("classpath:db/migration/query")
                    .table("flyway_query_history").load().migrate();
            return snapshot;
        } catch (RuntimeException e) {
            snapshot.release();
            throw e;
        }
    }

    /** A new database holding what {@code base} holds: its schema, rows and migration history, by H2's SCRIPT. */
    private static Snapshot copyOf(Snapshot base) {
        Snapshot copy = new Snapshot(newDatabase());
        try (Connection from = base.pool.getConnection(); Statement script = from.createStatement();
             ResultSet statements = script.executeQuery("SCRIPT NOPASSWORDS NOSETTINGS");
             Connection to = copy.pool.getConnection(); Statement target = to.createStatement()) {
            while (statements.next()) {
                String statement = statements.getString(1);
                if (!statement.startsWith("CREATE USER")) {
                    target.execute(statement);
                }
            }
            return copy;
        } catch (SQLException | RuntimeException e) {
            copy.release();
            throw new IllegalStateException("could not copy a snapshot of the read models", e);
        }
    }

    private static JdbcConnectionPool newDatabase() {
        return JdbcConnectionPool.create("jdbc:h2:mem:as-of-" + NAMES.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
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

    /**
     * Replays into {@code snapshot} the events stamped at or before {@code instant} and after {@code base}'s
     * instant (every one, without a base). Global order is commit order, not quite timestamp order, so a build
     * skips the later events it meets, never stops at the first; it remembers where it first skipped one, and a
     * later build on top of it starts reading there: everything before was stamped earlier and is in it.
     */
    private long replay(Instant instant, Snapshot base, Snapshot snapshot, long until) {
        List<EventHandlerInvoker> projections = projections();
        Instant after = base == null ? null : base.instant;
        long firstSkipped = -1;
        long lastRead = base == null ? -1 : base.firstSkipped - 1;
        long replayed = 0;
        long read = 0;
        AsOf.Reading outer = AsOf.current().orElse(null);
        AsOf.begin(new AsOf.Reading(instant, snapshot.pool));
        TrackingToken from = base == null || base.firstSkipped <= 0 ? null
                : GapAwareTrackingToken.newInstance(base.firstSkipped - 1, Collections.emptySet());
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                long index = event.trackingToken() instanceof GapAwareTrackingToken gapAware ? gapAware.getIndex()
                        : lastRead + 1;
                lastRead = index;
                if ((++read == 1 || read % DEADLINE_CHECK_EVERY == 0) && System.nanoTime() > until) {
                    throw busy("the moment asked for is too far from any kept one to rebuild within "
                            + deadline.toSeconds() + " s");
                }
                Instant stamped = event.getTimestamp();
                if (stamped.isAfter(instant)) {
                    if (firstSkipped < 0) {
                        firstSkipped = index;
                    }
                    continue;
                }
                if (after != null && !stamped.isAfter(after)) {
                    continue; // in the base already
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
        snapshot.instant = instant;
        snapshot.firstSkipped = firstSkipped >= 0 ? firstSkipped : lastRead + 1;
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

    private static Refusal busy(String why) {
        Refusal busy = Problems.refusal(HttpStatus.SERVICE_UNAVAILABLE, "as-of-busy",
                "The past version is not ready", why + "; retry after the time in Retry-After, or ask for a moment "
                        + "already shown");
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return busy;
    }

    /** A build under way and the requests waiting for it. Guarded by the Snapshots' lock. */
    private static final class Flight {
        final CompletableFuture<Snapshot> done = new CompletableFuture<>();
        int joiners;
    }

    /** A snapshot database, dropped when the last of its holders lets go. */
    static final class Snapshot {

        private final JdbcConnectionPool pool;
        private final AtomicInteger holders = new AtomicInteger();
        /** The instant it shows, and the store position of the first event it left out for being later. */
        private volatile Instant instant;
        private volatile long firstSkipped;

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
