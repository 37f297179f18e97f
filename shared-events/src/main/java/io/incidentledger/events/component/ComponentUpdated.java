package io.incidentledger.events.component;

import org.axonframework.serialization.Revision;

/** A component's presentation changed. Carries the complete new details, so a reader needs no merging. */
@Revision("1")
public record ComponentUpdated(String componentId, String name, String group, String description,
                               int position) {
}
