package io.incidentledger.command.incident;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** @param at when it began in the world; null means now */
public record OpenIncident(@TargetAggregateIdentifier String incidentId, String title, Impact impact,
                           IncidentStatus status, String updateId, String message, Instant at,
                           List<ComponentDeclaration> components) {
}
