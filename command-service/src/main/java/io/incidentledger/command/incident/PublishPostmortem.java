package io.incidentledger.command.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PublishPostmortem(@TargetAggregateIdentifier String incidentId, String body) {
}
