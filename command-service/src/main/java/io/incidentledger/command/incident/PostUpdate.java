package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.IncidentStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record PostUpdate(@TargetAggregateIdentifier String incidentId, String updateId, IncidentStatus status,
                         String message, Instant at, List<ComponentDeclaration> components) {
}
