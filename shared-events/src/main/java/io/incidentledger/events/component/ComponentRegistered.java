package io.incidentledger.events.component;

import org.axonframework.serialization.Revision;

/** A component (a "stack") joined the status page. {@code group} and {@code description} may be null. */
@Revision("1")
public record ComponentRegistered(String componentId, String name, String group, String description,
                                  int position) {
}
