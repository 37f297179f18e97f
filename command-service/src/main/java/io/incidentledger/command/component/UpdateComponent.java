package io.incidentledger.command.component;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes only what is non-null; an empty string clears {@code group} or {@code description}. */
public record UpdateComponent(@TargetAggregateIdentifier String componentId, String name, String group,
                              String description, Integer position) {
}
