package io.incidentledger.events.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The post-mortem (Markdown) was published or replaced; the latest one is the one shown. */
@Revision("1")
public record IncidentPostmortemPublished(String incidentId, String body, Instant at) {
}
