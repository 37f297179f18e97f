package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/**
 * Over {@code [from, to)} the component really was {@code status} as far as this incident is concerned (SPEC
 * §3 rule 6). Fixes the past without rewriting it; allowed on open and resolved incidents.
 *
 * <p>{@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the incident is at another one. {@code null}: unconditional.
 */
public record CorrectImpact(@TargetAggregateIdentifier String incidentId, String correctionId, String componentId,
                            ComponentStatus status, Instant from, Instant to, String reason,
                            @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the incident is at. */
    public CorrectImpact(String incidentId, String correctionId, String componentId, ComponentStatus status,
                         Instant from, Instant to, String reason) {
        this(incidentId, correctionId, componentId, status, from, to, reason, null);
    }

    /** Long enough for a paragraph of explanation; a post-mortem is the place for more. */
    public static final int MAX_REASON_LENGTH = 2000;
}
