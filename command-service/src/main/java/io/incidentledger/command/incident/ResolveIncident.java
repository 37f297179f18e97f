package io.incidentledger.command.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/**
 * {@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the incident is at another one. {@code null}: unconditional.
 */
public record ResolveIncident(@TargetAggregateIdentifier String incidentId, String updateId, String message,
                              Instant at,
                              @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the incident is at. */
    public ResolveIncident(String incidentId, String updateId, String message, Instant at) {
        this(incidentId, updateId, message, at, null);
    }
}
