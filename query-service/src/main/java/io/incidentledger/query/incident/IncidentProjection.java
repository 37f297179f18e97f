package io.incidentledger.query.incident;

import io.incidentledger.events.MetaDataKeys;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.incidentledger.query.Processors;

import static io.incidentledger.query.Sql.utc;

/**
 * Incidents, their timelines and the facts the downtime arithmetic replays. Every row carries the
 * event's sequence number and recorded time next to the effective time, so nothing about "when" is lost.
 * {@code incident_view.version} is the sequence number of the incident's last event applied: the aggregate
 * version command-service reports (as its ETag) and accepts back as {@code If-Match}.
 */
@Component
@ProcessingGroup(Processors.INCIDENTS)
class IncidentProjection {

    private final JdbcClient jdbc;
    private final IncidentFacts facts;

    IncidentProjection(JdbcClient jdbc, IncidentFacts facts) {
        this.jdbc = jdbc;
        this.facts = facts;
    }

    @EventHandler
    void on(IncidentOpened event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        INSERT INTO incident_view (incident_id, title, impact, status, started_at, monitoring_at,
                                                   created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(event.incidentId(), event.title(), event.impact().toString(), event.status().toString(),
                        utc(event.at()), event.status() == IncidentStatus.MONITORING ? utc(event.at()) : null,
                        utc(recordedAt), utc(recordedAt), sequence)
                .update();
        facts.record(event.incidentId(), sequence, 0, "opened", null, null, null, event.at(), null, recordedAt);
        timelineEntry(event.incidentId(), event.updateId(), sequence, "opened", event.status(), event.message(),
                event.at(), recordedAt, actor, declare(event.incidentId(), sequence, event.at(), recordedAt,
                        event.components(), Map.of()));
    }

    @EventHandler
    void on(IncidentUpdatePosted event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        Map<String, ComponentStatus> before = facts.currentClaims(event.incidentId());
        jdbc.sql("""
                        UPDATE incident_view SET status = ?, updated_at = ?, version = ?,
                            monitoring_at = CASE WHEN ? AND monitoring_at IS NULL THEN ? ELSE monitoring_at END
                        WHERE incident_id = ?""")
                .params(event.status().toString(), utc(recordedAt), sequence,
                        event.status() == IncidentStatus.MONITORING, utc(event.at()), event.incidentId())
                .update();
        timelineEntry(event.incidentId(), event.updateId(), sequence, "update", event.status(), event.message(),
                event.at(), recordedAt, actor, declare(event.incidentId(), sequence, event.at(), recordedAt,
                        event.components(), before));
    }

    @EventHandler
    void on(IncidentImpactChanged event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        jdbc.sql("UPDATE incident_view SET impact = ?, updated_at = ?, version = ? WHERE incident_id = ?")
                .params(event.impact().toString(), utc(recordedAt), sequence, event.incidentId())
                .update();
    }

    /** The resolution ends every declaration, so it shows each touched component going back to operational. */
    @EventHandler
    void on(IncidentResolved event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        Map<String, ComponentStatus> before = facts.currentClaims(event.incidentId());
        jdbc.sql("UPDATE incident_view SET status = ?, resolved_at = ?, updated_at = ?, version = ?"
                        + " WHERE incident_id = ?")
                .params(IncidentStatus.RESOLVED.toString(), utc(event.at()), utc(recordedAt), sequence,
                        event.incidentId())
                .update();
        facts.record(event.incidentId(), sequence, 0, "resolved", null, null, null, event.at(), null, recordedAt);
        var ended = new LinkedHashMap<String, Change>();
        before.forEach((component, status) ->
                ended.put(component, new Change(component, status, ComponentStatus.OPERATIONAL, null)));
        timelineEntry(event.incidentId(), event.updateId(), sequence, "resolved", IncidentStatus.RESOLVED,
                event.message(), event.at(), recordedAt, actor, List.copyOf(ended.values()));
    }

    @EventHandler
    void on(IncidentReopened event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("UPDATE incident_view SET status = ?, resolved_at = NULL, updated_at = ?, version = ?"
                        + " WHERE incident_id = ?")
                .params(IncidentStatus.INVESTIGATING.toString(), utc(recordedAt), sequence, event.incidentId())
                .update();
        facts.record(event.incidentId(), sequence, 0, "reopened", null, null, null, event.at(), null, recordedAt);
        timelineEntry(event.incidentId(), event.updateId(), sequence, "reopened", IncidentStatus.INVESTIGATING,
                event.message(), event.at(), recordedAt, actor, declare(event.incidentId(), sequence, event.at(),
                        recordedAt, event.components(), Map.of()));
    }

    /**
     * Hindsight, kept beside the record rather than in it: the fact feeds the downtime arithmetic, the view row
     * shows who corrected what and why. The timeline of updates is left as it was published.
     */
    @EventHandler
    void on(IncidentImpactCorrected event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("UPDATE incident_view SET updated_at = ?, version = ? WHERE incident_id = ?")
                .params(utc(recordedAt), sequence, event.incidentId())
                .update();
        facts.record(event.incidentId(), sequence, 0, "corrected", event.componentId(), event.status(), null,
                event.from(), event.to(), recordedAt);
        jdbc.sql("""
                        INSERT INTO incident_correction_view (correction_id, incident_id, sequence, component_id, status,
                                                              effective_from, effective_to, reason, actor, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(event.correctionId(), event.incidentId(), sequence, event.componentId(),
                        event.status().toString(), utc(event.from()), utc(event.to()), event.reason(), actor,
                        utc(recordedAt))
                .update();
    }

    @EventHandler
    void on(IncidentPostmortemPublished event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        jdbc.sql("UPDATE incident_view SET postmortem = ?, postmortem_at = ?, updated_at = ?, version = ?"
                        + " WHERE incident_id = ?")
                .params(event.body(), utc(recordedAt), utc(recordedAt), sequence, event.incidentId())
                .update();
    }

    @ResetHandler
    void reset() {
        for (String table : List.of("incident_correction_view", "incident_update_change", "incident_update_view",
                "incident_fact", "incident_view")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    record Change(String componentId, ComponentStatus oldStatus, ComponentStatus newStatus, Double affectedFraction) {
    }

    /** Records the declarations as facts (after the lifecycle fact at ordinal 0) and returns what they changed. */
    private List<Change> declare(String incidentId, long sequence, Instant at, Instant recordedAt,
                                 List<ComponentDeclaration> declarations, Map<String, ComponentStatus> before) {
        int ordinal = 1;
        var changes = new java.util.ArrayList<Change>();
        for (ComponentDeclaration declaration : declarations) {
            facts.record(incidentId, sequence, ordinal++, "declared", declaration.componentId(), declaration.status(),
                    declaration.affectedFraction(), at, null, recordedAt);
            changes.add(new Change(declaration.componentId(),
                    before.getOrDefault(declaration.componentId(), ComponentStatus.OPERATIONAL),
                    declaration.status(), declaration.affectedFraction()));
        }
        return changes;
    }

    private void timelineEntry(String incidentId, String updateId, long sequence, String kind, IncidentStatus status,
                               String message, Instant at, Instant recordedAt, String actor, List<Change> changes) {
        jdbc.sql("""
                        INSERT INTO incident_update_view (update_id, incident_id, sequence, kind, status, message,
                                                          effective_at, recorded_at, actor)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(updateId, incidentId, sequence, kind, status.toString(), message, utc(at), utc(recordedAt), actor)
                .update();
        int ordinal = 0;
        for (Change change : changes) {
            jdbc.sql("""
                            INSERT INTO incident_update_change (update_id, ordinal, component_id, old_status, new_status,
                                                                affected_fraction)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(updateId, ordinal++, change.componentId(), change.oldStatus().toString(),
                            change.newStatus().toString(), change.affectedFraction())
                    .update();
        }
    }
}
