package io.incidentledger.events.maintenance;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The plan of a maintenance that has not started was changed. Carries the whole plan as it now stands (not a
 * diff), so every reader replaces what it knew. {@code at}: when the plan changed (effective time).
 */
@Revision("1")
public record MaintenanceRescheduled(String maintenanceId, String title, List<ComponentDeclaration> components,
                                     Instant scheduledFor, Instant scheduledUntil, Instant at) {

    public MaintenanceRescheduled {
        components = List.copyOf(components);
    }
}
