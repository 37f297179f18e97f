package io.incidentledger.command.incident;

import io.incidentledger.events.Impact;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * {@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the incident is at another one. {@code null}: unconditional.
 */
public record ChangeImpact(@TargetAggregateIdentifier String incidentId, Impact impact,
                           @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the incident is at. */
    public ChangeImpact(String incidentId, Impact impact) {
        this(incidentId, impact, null);
    }
}
