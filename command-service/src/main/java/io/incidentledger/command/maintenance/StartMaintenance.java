package io.incidentledger.command.maintenance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/** A commander starts the window (possibly earlier than planned). {@code message}, {@code at}: optional. */
public record StartMaintenance(@TargetAggregateIdentifier String maintenanceId, String updateId, String message,
                               Instant at, @TargetAggregateVersion Long expectedVersion) {
}
