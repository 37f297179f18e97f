package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * A maximal stretch of an {@link EffectiveTimeline} at one status: the bars of a status-page history.
 * Segments are never operational and never touch a neighbour of the same status.
 */
public record Segment(Instant from, Instant to, ComponentStatus status) {

    public Duration duration() {
        return Duration.between(from, to);
    }
}
