package io.incidentledger.events.incident;

import io.incidentledger.events.ComponentStatus;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Hindsight, recorded openly: over {@code [from, to)} the component really was {@code status} as far as this
 * incident is concerned, whatever was declared at the time. It overrides the incident's declarations there and
 * never rewrites them; {@code operational} erases the incident's claim over the interval. Allowed on open and
 * resolved incidents (SPEC §3 rule 6).
 *
 * @param correctionId names the correction in timelines and history
 * @param reason       why the record was wrong, shown beside the correction
 */
@Revision("1")
public record IncidentImpactCorrected(String incidentId, String correctionId, String componentId, ComponentStatus status,
                              Instant from, Instant to, String reason) {
}
