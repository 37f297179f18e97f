package io.incidentledger.command.maintenance;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Announces a maintenance window.
 *
 * @param at       when it was announced (effective time); null means now. A window done but announced late is
 *                 recorded with a backdated {@code at}: the window may not begin before it
 * @param seriesId the recurring series it is an occurrence of, or null
 */
public record ScheduleMaintenance(@TargetAggregateIdentifier String maintenanceId, String title, String updateId,
                                  String message, Instant at, List<ComponentDeclaration> components,
                                  Instant scheduledFor, Instant scheduledUntil, boolean autoStart,
                                  boolean autoComplete, String seriesId) {

    public ScheduleMaintenance {
        components = List.copyOf(components);
    }
}
