package io.incidentledger.events.component;

import org.axonframework.serialization.Revision;

/** A component left the status page. Its history stays: past incidents and downtime still name it. */
@Revision("1")
public record ComponentRetired(String componentId) {
}
