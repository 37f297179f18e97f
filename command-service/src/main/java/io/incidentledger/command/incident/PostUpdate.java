package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.IncidentStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.List;

/**
 * {@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the incident is at another one. {@code null}: unconditional.
 */
public record PostUpdate(@TargetAggregateIdentifier String incidentId, String updateId, IncidentStatus status,
                         String message, Instant at, List<ComponentDeclaration> components,
                         @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the incident is at. */
    public PostUpdate(String incidentId, String updateId, IncidentStatus status, String message, Instant at,
                      List<ComponentDeclaration> components) {
        this(incidentId, updateId, status, message, at, components, null);
    }
}
