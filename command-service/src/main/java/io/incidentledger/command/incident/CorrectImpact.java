package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Over {@code [from, to)} the component really was {@code status} as far as this incident is concerned (SPEC
 * §3 rule 6). Fixes the past without rewriting it; allowed on open and resolved incidents.
 */
public record CorrectImpact(@TargetAggregateIdentifier String incidentId, String correctionId, String componentId,
                            ComponentStatus status, Instant from, Instant to, String reason) {

    /** Long enough for a paragraph of explanation; a post-mortem is the place for more. */
    public static final int MAX_REASON_LENGTH = 2000;
}
