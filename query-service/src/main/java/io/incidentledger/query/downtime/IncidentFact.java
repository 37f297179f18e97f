package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * The few things about an incident that decide its downtime, stripped of messages, titles and impact.
 * The projection layer translates the incident's events into these, in the order they were recorded;
 * {@link IncidentTimeline#replay} turns them into intervals.
 *
 * <p>An event that carries component declarations becomes its lifecycle fact (if any) followed by one
 * {@link Declared} per declaration, all with the event's {@code at}: an {@code IncidentOpened} becomes
 * {@link Opened} then its declarations, an {@code IncidentReopened} becomes {@link Reopened} then its.
 */
public sealed interface IncidentFact {

    /** The incident began, possibly earlier than it was recorded: commanders open incidents late. */
    record Opened(Instant at) implements IncidentFact {
        public Opened {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * From {@code at} on, as far as this incident is concerned, {@code componentId} is {@code status}.
     * Declaring {@link ComponentStatus#OPERATIONAL} withdraws the incident's claim on the component.
     *
     * @param affectedFraction in (0, 1], or {@code null} when the commander did not say
     */
    record Declared(String componentId, ComponentStatus status, Double affectedFraction, Instant at)
            implements IncidentFact {
        public Declared {
            Objects.requireNonNull(componentId, "componentId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(at, "at");
            Interval.requireFraction(affectedFraction);
        }
    }

    /** The incident is over as of {@code at}: every claim it made ends there. */
    record Resolved(Instant at) implements IncidentFact {
        public Resolved {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The incident is open again as of {@code at}, claiming nothing until it declares again. */
    record Reopened(Instant at) implements IncidentFact {
        public Reopened {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Hindsight: over {@code [from, to)} the component was really {@code status}, whatever was declared at
     * the time. {@link ComponentStatus#OPERATIONAL} erases the incident's claim there.
     */
    record Corrected(String componentId, ComponentStatus status, Instant from, Instant to) implements IncidentFact {
        public Corrected {
            Objects.requireNonNull(componentId, "componentId");
            Objects.requireNonNull(status, "status");
            Window.requireOrdered(from, to);
        }
    }
}
