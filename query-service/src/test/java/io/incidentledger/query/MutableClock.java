package io.incidentledger.query;

import io.incidentledger.query.asof.ReadingClock;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's "now" under a test's control: open incidents run to it, today's uptime bucket ends at it.
 * It stands still until a test moves it, so a number that depends on "now" is exact. Like the service's own
 * clock it is a {@link ReadingClock}: inside an {@code asOf} request "now" is the instant read as of.
 */
public final class MutableClock extends ReadingClock {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public Instant set(Instant instant) {
        now.set(instant);
        return instant;
    }

    @Override
    public Instant worldInstant() {
        return now.get();
    }
}
