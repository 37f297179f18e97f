package io.incidentledger.command.maintenance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/** A commander ends a running window (possibly earlier or later than planned). */
public record CompleteMaintenance(@TargetAggregateIdentifier String maintenanceId, String updateId, String message,
                                  Instant at, @TargetAggregateVersion Long expectedVersion) {
}
