package io.incidentledger.events.incident;

import io.incidentledger.events.Impact;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The commander re-judged the incident's overall impact. Component statuses are untouched. */
@Revision("1")
public record IncidentImpactChanged(String incidentId, Impact impact, Instant at) {
}
