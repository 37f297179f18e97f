package io.incidentledger.query.asof;

import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The reading in progress on this thread, when a request asked for {@code asOf=<recorded instant>}: "as
 * published then", ignoring everything recorded later (SPEC §3 rule 6). Set by {@link AsOfInterceptor} for the
 * length of one request; every read model query and the service's clock consult it, so no query has to take an
 * extra parameter and none can forget to.
 */
public final class AsOf {

    /**
     * @param instant    the recorded instant the answer must be as of; it is also "now" for open incidents
     * @param readModels the read models as they stood then, or null where the answer comes from the events
     *                   themselves (the incident history)
     */
    public record Reading(Instant instant, DataSource readModels) {
    }

    private static final ThreadLocal<Reading> CURRENT = new ThreadLocal<>();

    private AsOf() {
    }

    /** The reading of the current request, if it asked for one. */
    public static Optional<Reading> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The instant the current request reads as of, or null for "as now known". */
    public static Instant instantOrNull() {
        Reading reading = CURRENT.get();
        return reading == null ? null : reading.instant();
    }

    static void begin(Reading reading) {
        CURRENT.set(reading);
    }

    static void end() {
        CURRENT.remove();
    }
}
