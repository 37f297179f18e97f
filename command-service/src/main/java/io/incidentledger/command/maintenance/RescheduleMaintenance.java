package io.incidentledger.command.maintenance;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.List;

/**
 * Changes the plan of a maintenance that has not started. Every field but the id may be null: it keeps what the
 * plan says. {@code expectedVersion}: from {@code If-Match}, null for unconditional.
 */
public record RescheduleMaintenance(@TargetAggregateIdentifier String maintenanceId, String title,
                                    List<ComponentDeclaration> components, Instant scheduledFor,
                                    Instant scheduledUntil, @TargetAggregateVersion Long expectedVersion) {

    public RescheduleMaintenance {
        components = components == null ? null : List.copyOf(components);
    }
}
