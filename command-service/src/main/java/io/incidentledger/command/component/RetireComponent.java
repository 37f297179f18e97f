package io.incidentledger.command.component;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RetireComponent(@TargetAggregateIdentifier String componentId) {
}
