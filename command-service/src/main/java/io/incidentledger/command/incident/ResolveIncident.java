package io.incidentledger.command.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record ResolveIncident(@TargetAggregateIdentifier String incidentId, String updateId, String message,
                              Instant at) {
}
