package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record ReopenIncident(@TargetAggregateIdentifier String incidentId, String updateId, String message,
                             Instant at, List<ComponentDeclaration> components) {
}
