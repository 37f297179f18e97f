package io.incidentledger.command.component;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Changes only what is non-null; an empty string clears {@code group} or {@code description}. *
 * <p>{@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the component is at another one. {@code null}: unconditional.
 */
public record UpdateComponent(@TargetAggregateIdentifier String componentId, String name, String group,
                              String description, Integer position,
                              @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the component is at. */
    public UpdateComponent(String componentId, String name, String group, String description, Integer position) {
        this(componentId, name, group, description, position, null);
    }
}
