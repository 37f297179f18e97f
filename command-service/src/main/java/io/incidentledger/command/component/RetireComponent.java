package io.incidentledger.command.component;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * {@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the component is at another one. {@code null}: unconditional.
 */
public record RetireComponent(@TargetAggregateIdentifier String componentId,
                              @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the component is at. */
    public RetireComponent(String componentId) {
        this(componentId, null);
    }
}
