package io.incidentledger.query.audit;

import java.time.Instant;

/**
 * One stored event as an auditor sees it: where it is, what it says, when it happened and when it was
 * recorded, and who and which request caused it.
 *
 * @param position      its place in the whole store (global order); null when read per aggregate
 * @param aggregateId   the incident or component it belongs to
 * @param sequence      its place in that aggregate's history, from 0
 * @param type          the event's name, e.g. {@code IncidentUpdatePosted}
 * @param revision      the payload's revision, e.g. {@code 1}
 * @param at            the effective time the payload carries, if it carries one
 * @param recordedAt    when the store recorded it
 * @param actor         the acting principal, from the metadata
 * @param correlationId the id of the command that caused it, from the metadata
 * @param payload       the payload, as stored
 */
public record AuditEvent(Long position, String aggregateId, long sequence, String type, String revision,
                         Instant at, Instant recordedAt, String actor, String correlationId, Object payload) {
}
