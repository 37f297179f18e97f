package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.IncidentFact.Corrected;
import io.incidentledger.query.downtime.IncidentFact.Declared;
import io.incidentledger.query.downtime.IncidentFact.Opened;
import io.incidentledger.query.downtime.IncidentFact.Reopened;
import io.incidentledger.query.downtime.IncidentFact.Resolved;

import java.time.Instant;
import java.util.Map;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.events.ComponentStatus.UNDER_MAINTENANCE;

/**
 * A small vocabulary so tests read like the incident they describe: unless said otherwise everything
 * happens on 2024-01-10 (UTC) to the component "api", and times are written "HH:mm" or "HH:mm:ss.SSS".
 */
final class Fixtures {

    static final String API = "api";
    static final Instant DAY_START = Instant.parse("2024-01-10T00:00:00Z");
    static final Instant DAY_END = Instant.parse("2024-01-11T00:00:00Z");
    static final Window WHOLE_DAY = new Window(DAY_START, DAY_END);

    private Fixtures() {
    }

    static Instant at(String time) {
        return Instant.parse("2024-01-10T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static Window window(String from, String to) {
        return new Window(at(from), at(to));
    }

    static Interval interval(String source, ComponentStatus status, String from, String to) {
        return new Interval(source, API, status, null, at(from), at(to));
    }

    static Interval interval(String source, ComponentStatus status, double fraction, String from, String to) {
        return new Interval(source, API, status, fraction, at(from), at(to));
    }

    static Opened opened(String time) {
        return new Opened(at(time));
    }

    static Declared declared(String componentId, ComponentStatus status, String time) {
        return new Declared(componentId, status, null, at(time));
    }

    static Declared declared(String componentId, ComponentStatus status, double fraction, String time) {
        return new Declared(componentId, status, fraction, at(time));
    }

    static Resolved resolved(String time) {
        return new Resolved(at(time));
    }

    static Reopened reopened(String time) {
        return new Reopened(at(time));
    }

    static Corrected corrected(String componentId, ComponentStatus status, String from, String to) {
        return new Corrected(componentId, status, at(from), at(to));
    }

    static long minutes(long minutes) {
        return minutes * 60;
    }

    static long hours(long hours) {
        return hours * 3600;
    }

    /** Seconds per level, naming only the levels that are not zero. */
    static LevelSeconds seconds(Map<ComponentStatus, Long> byLevel) {
        return new LevelSeconds(
                byLevel.getOrDefault(MAJOR_OUTAGE, 0L),
                byLevel.getOrDefault(PARTIAL_OUTAGE, 0L),
                byLevel.getOrDefault(DEGRADED_PERFORMANCE, 0L),
                byLevel.getOrDefault(UNDER_MAINTENANCE, 0L));
    }
}
