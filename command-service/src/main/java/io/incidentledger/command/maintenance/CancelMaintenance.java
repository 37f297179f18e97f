package io.incidentledger.command.maintenance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Calls off a window that has not started; it is cancelled as of now. */
public record CancelMaintenance(@TargetAggregateIdentifier String maintenanceId, String updateId, String message,
                                @TargetAggregateVersion Long expectedVersion) {
}
