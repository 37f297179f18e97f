package io.incidentledger.command.incident;

import io.incidentledger.events.Impact;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeImpact(@TargetAggregateIdentifier String incidentId, Impact impact) {
}
