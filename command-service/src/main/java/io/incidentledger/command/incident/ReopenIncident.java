package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.List;

/**
 * {@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the incident is at another one. {@code null}: unconditional.
 */
public record ReopenIncident(@TargetAggregateIdentifier String incidentId, String updateId, String message,
                             Instant at, List<ComponentDeclaration> components,
                             @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the incident is at. */
    public ReopenIncident(String incidentId, String updateId, String message, Instant at,
                          List<ComponentDeclaration> components) {
        this(incidentId, updateId, message, at, components, null);
    }
}
