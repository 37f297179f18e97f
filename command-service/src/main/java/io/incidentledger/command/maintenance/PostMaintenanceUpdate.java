package io.incidentledger.command.maintenance;

import io.incidentledger.events.MaintenanceStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/** News about a running maintenance: {@code status} is {@code in_progress} or {@code verifying}. */
public record PostMaintenanceUpdate(@TargetAggregateIdentifier String maintenanceId, String updateId,
                                    MaintenanceStatus status, String message, Instant at,
                                    @TargetAggregateVersion Long expectedVersion) {
}
