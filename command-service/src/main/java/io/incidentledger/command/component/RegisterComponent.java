package io.incidentledger.command.component;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterComponent(@TargetAggregateIdentifier String componentId, String name, String group,
                                String description, int position) {
}
