package io.incidentledger.query.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.incidentledger.store.DatabaseFailures;

/**
 * Whether the read models' database can be reached, and, while it cannot, how old the last known data is. A status
 * page must outlive what it reports on, its own database included: while the database is gone the front page,
 * {@code /api/status} and the Statuspage documents are answered from the last copy built from it, marked stale,
 * instead of failing (and instead of waiting for a connection on every request).
 *
 * <p>{@code ProjectionChanges} polls the database every 100 ms anyway; each poll that succeeds says the database is
 * reachable, and, since every in-memory copy is rebuilt inside the poll that announces a change, that every copy
 * holds what was committed up to then: that instant is the "last good data". A poll or a read that cannot reach the
 * database marks it unreachable; reads then stop trying it, and only the poller probes until it is back.
 */
@Component
public class DatabaseWatch {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

    /**
     * @param lastGoodDataAt when the service last read the database: the data served is complete up to then
     * @param since          when it found the database unreachable
     */
    public record Staleness(Instant lastGoodDataAt, Instant since) {
    }

    /** A read's answer: fresh from the database ({@code staleness} null), or the last known one. */
    public record Answer<T>(T value, Staleness staleness) {

        public boolean stale() {
            return staleness != null;
        }
    }

    private record State(Instant lastGoodAt, Instant unreachableSince) {
    }

    // Wall time, not the service's (asOf-aware, test-settable) clock: an outage happens in real time.
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<State> state;

    public DatabaseWatch() {
        state = new AtomicReference<>(new State(clock.instant(), null));
    }

    /** The database answered, and every in-memory copy holds what it held then. */
    public void reachable() {
        Instant now = clock.instant();
        State before = state.getAndSet(new State(now, null));
        if (before.unreachableSince() != null) {
            log.info("Database reachable again after {} s; answering from fresh data",
                    Duration.between(before.unreachableSince(), now).toSeconds());
        }
    }

    /** The database could not be reached; logged once per outage. */
    public void unreachable(Throwable cause) {
        Instant now = clock.instant();
        State before = state.getAndUpdate(s -> s.unreachableSince() != null ? s : new State(s.lastGoodAt(), now));
        if (before.unreachableSince() == null) {
            log.warn("Cannot reach the database ({}); answering from the last known data, as of {}", rootCause(cause),
                    before.lastGoodAt());
        }
    }

    /** Present while the database cannot be reached. */
    public Optional<Staleness> staleness() {
        State current = state.get();
        return current.unreachableSince() == null ? Optional.empty()
                : Optional.of(new Staleness(current.lastGoodAt(), current.unreachableSince()));
    }

    /**
     * Reads {@code fresh} and keeps it as the last known answer; while the database cannot be reached (known
     * already, or found out by this very read), answers the last known one instead. Any other failure is thrown
     * as it is: a broken query is not an outage.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached and nothing is known yet
     */
    public <T> Answer<T> read(Supplier<T> fresh, AtomicReference<T> lastKnown) {
        if (staleness().isEmpty()) {
            try {
                T value = fresh.get();
                lastKnown.set(value);
                return new Answer<>(value, null);
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isUnreachable(e)) {
                    throw e;
                }
                unreachable(e);
            }
        }
        Staleness staleness = staleness().orElseGet(() -> new Staleness(state.get().lastGoodAt(), clock.instant()));
        T known = lastKnown.get();
        if (known == null) {
            // Never "operational" for data we do not have.
            throw new DatabaseUnavailableException();
        }
        return new Answer<>(known, staleness);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
