package io.incidentledger.events.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The incident is over as of {@code at}: every component declaration it made ends there. */
@Revision("1")
public record IncidentResolved(String incidentId, String updateId, String message, Instant at) {
}
