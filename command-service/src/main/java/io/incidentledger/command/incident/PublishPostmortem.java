package io.incidentledger.command.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * {@code expectedVersion}: the version the sender last saw ({@code If-Match}); Axon refuses the command with a
 * {@code ConflictingAggregateVersionException} if the incident is at another one. {@code null}: unconditional.
 */
public record PublishPostmortem(@TargetAggregateIdentifier String incidentId, String body,
                                @TargetAggregateVersion Long expectedVersion) {
    /** Unconditional: whatever version the incident is at. */
    public PublishPostmortem(String incidentId, String body) {
        this(incidentId, body, null);
    }
}
