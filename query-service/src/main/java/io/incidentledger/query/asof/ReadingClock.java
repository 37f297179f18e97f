package io.incidentledger.query.asof;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's "now". Open incidents run to it and today's uptime bar ends at it; while a request reads
 * {@link AsOf} a past instant, that instant is "now", so an answer given then and the same answer asked for
 * later agree to the second.
 */
public abstract class ReadingClock extends Clock {

    /** A reading clock over the real (or a test's) clock. */
    public static ReadingClock over(Clock world) {
        return new ReadingClock() {
            @Override
            public Instant worldInstant() {
                return world.instant();
            }
        };
    }

    /** The instant outside any reading: what the world's clock says. */
    public abstract Instant worldInstant();

    @Override
    public final Instant instant() {
        Instant asOf = AsOf.instantOrNull();
        return asOf != null ? asOf : worldInstant();
    }

    @Override
    public final ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public final Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service reads instants only");
    }
}
