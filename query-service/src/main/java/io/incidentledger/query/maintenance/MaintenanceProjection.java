package io.incidentledger.query.maintenance;

import static io.incidentledger.query.Sql.nullableDouble;
import static io.incidentledger.query.Sql.utc;

import java.time.Instant;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.MetaDataKeys;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;
import io.incidentledger.query.Processors;

/**
 * Scheduled maintenances: the window as now planned, its lifecycle and its timeline. A series
 * ({@code MaintenanceSeriesPlanned}, {@code MaintenanceOccurrencesPlanned}) is not read: each of its occurrences
 * arrives as an ordinary {@link MaintenanceScheduled}. {@code maintenance_view.version} is the sequence number of
 * the maintenance's last event applied, as for incidents: what command-service answers as its ETag.
 */
@Component
@ProcessingGroup(Processors.MAINTENANCES)
class MaintenanceProjection {

    private final JdbcClient jdbc;

    MaintenanceProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MaintenanceScheduled event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        INSERT INTO maintenance_view (maintenance_id, title, status, scheduled_for, scheduled_until,
                                                      announced_at, auto_start, auto_complete, series_id, created_at,
                                                      updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(event.maintenanceId(), event.title(), MaintenanceStatus.SCHEDULED.toString(),
                        utc(event.scheduledFor()), utc(event.scheduledUntil()), utc(event.at()), event.autoStart(),
                        event.autoComplete(), event.seriesId(), utc(recordedAt), utc(recordedAt), sequence)
                .update();
        plan(event.maintenanceId(), event.components());
        timelineEntry(event.maintenanceId(), event.updateId(), sequence, "scheduled", MaintenanceStatus.SCHEDULED,
                event.message(), event.at(), recordedAt, actor, false, null, null, List.of());
    }

    /** The whole plan as it now stands replaces the one before; the timeline notes the window it moved to. */
    @EventHandler
    void on(MaintenanceRescheduled event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        UPDATE maintenance_view SET title = ?, scheduled_for = ?, scheduled_until = ?, updated_at = ?,
                            version = ?
                        WHERE maintenance_id = ?""")
                .params(event.title(), utc(event.scheduledFor()), utc(event.scheduledUntil()), utc(recordedAt),
                        sequence, event.maintenanceId())
                .update();
        jdbc.sql("DELETE FROM maintenance_component WHERE maintenance_id = ?").param(event.maintenanceId()).update();
        plan(event.maintenanceId(), event.components());
        // The event has no update id of its own: one derived from its place in the maintenance's history.
        timelineEntry(event.maintenanceId(), event.maintenanceId() + "#" + sequence, sequence, "rescheduled",
                MaintenanceStatus.SCHEDULED, null, event.at(), recordedAt, actor, false, event.scheduledFor(),
                event.scheduledUntil(), List.of());
    }

    /** From {@code at} its declarations count: each component goes from operational (as far as it says) to its own. */
    @EventHandler
    void on(MaintenanceStarted event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        UPDATE maintenance_view SET status = ?, started_at = ?, started_recorded_at = ?,
                            started_automatically = ?, updated_at = ?, version = ?
                        WHERE maintenance_id = ?""")
                .params(MaintenanceStatus.IN_PROGRESS.toString(), utc(event.at()), utc(recordedAt),
                        event.automatic(), utc(recordedAt), sequence, event.maintenanceId())
                .update();
        List<Change> changes = declared(event.maintenanceId()).stream()
                .map(d -> new Change(d.componentId(), ComponentStatus.OPERATIONAL, d.status()))
                .toList();
        timelineEntry(event.maintenanceId(), event.updateId(), sequence, "started", MaintenanceStatus.IN_PROGRESS,
                event.message(), event.at(), recordedAt, actor, event.automatic(), null, null, changes);
    }

    @EventHandler
    void on(MaintenanceUpdatePosted event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        UPDATE maintenance_view SET status = ?, updated_at = ?, version = ?,
                            verifying_at = CASE WHEN ? AND verifying_at IS NULL THEN ? ELSE verifying_at END
                        WHERE maintenance_id = ?""")
                .params(event.status().toString(), utc(recordedAt), sequence,
                        event.status() == MaintenanceStatus.VERIFYING, utc(event.at()), event.maintenanceId())
                .update();
        timelineEntry(event.maintenanceId(), event.updateId(), sequence, "update", event.status(), event.message(),
                event.at(), recordedAt, actor, false, null, null, List.of());
    }

    /** Every declaration ends at {@code at}: each component comes back from what the window declared for it. */
    @EventHandler
    void on(MaintenanceCompleted event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        UPDATE maintenance_view SET status = ?, completed_at = ?, completed_recorded_at = ?,
                            completed_automatically = ?, updated_at = ?, version = ?
                        WHERE maintenance_id = ?""")
                .params(MaintenanceStatus.COMPLETED.toString(), utc(event.at()), utc(recordedAt), event.automatic(),
                        utc(recordedAt), sequence, event.maintenanceId())
                .update();
        List<Change> changes = declared(event.maintenanceId()).stream()
                .map(d -> new Change(d.componentId(), d.status(), ComponentStatus.OPERATIONAL))
                .toList();
        timelineEntry(event.maintenanceId(), event.updateId(), sequence, "completed", MaintenanceStatus.COMPLETED,
                event.message(), event.at(), recordedAt, actor, event.automatic(), null, null, changes);
    }

    @EventHandler
    void on(MaintenanceCancelled event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        jdbc.sql("""
                        UPDATE maintenance_view SET status = ?, cancelled_at = ?, updated_at = ?, version = ?
                        WHERE maintenance_id = ?""")
                .params(MaintenanceStatus.CANCELLED.toString(), utc(event.at()), utc(recordedAt), sequence,
                        event.maintenanceId())
                .update();
        timelineEntry(event.maintenanceId(), event.updateId(), sequence, "cancelled", MaintenanceStatus.CANCELLED,
                event.message(), event.at(), recordedAt, actor, false, null, null, List.of());
    }

    @ResetHandler
    void reset() {
        for (String table : List.of("maintenance_update_change", "maintenance_update_view", "maintenance_component",
                "maintenance_view")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    private record Change(String componentId, ComponentStatus oldStatus, ComponentStatus newStatus) {
    }

    private void plan(String maintenanceId, List<ComponentDeclaration> components) {
        int ordinal = 0;
        for (ComponentDeclaration declaration : components) {
            jdbc.sql("""
                            INSERT INTO maintenance_component (maintenance_id, ordinal, component_id, status,
                                                               affected_fraction)
                            VALUES (?, ?, ?, ?, ?)""")
                    .params(maintenanceId, ordinal++, declaration.componentId(), declaration.status().toString(),
                            declaration.affectedFraction())
                    .update();
        }
    }

    private List<ComponentDeclaration> declared(String maintenanceId) {
        return jdbc.sql("SELECT * FROM maintenance_component WHERE maintenance_id = ? ORDER BY ordinal")
                .param(maintenanceId)
                .query((rs, n) -> new ComponentDeclaration(rs.getString("component_id"),
                        ComponentStatus.fromWireName(rs.getString("status")).orElseThrow(),
                        nullableDouble(rs, "affected_fraction")))
                .list();
    }

    private void timelineEntry(String maintenanceId, String updateId, long sequence, String kind,
                               MaintenanceStatus status, String message, Instant at, Instant recordedAt, String actor,
                               boolean automatic, Instant scheduledFor, Instant scheduledUntil, List<Change> changes) {
        jdbc.sql("""
                        INSERT INTO maintenance_update_view (update_id, maintenance_id, sequence, kind, status, message,
                                                             effective_at, recorded_at, actor, automatic,
                                                             scheduled_for, scheduled_until)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(updateId, maintenanceId, sequence, kind, status.toString(), message, utc(at), utc(recordedAt),
                        actor, automatic, utc(scheduledFor), utc(scheduledUntil))
                .update();
        for (int ordinal = 0; ordinal < changes.size(); ordinal++) {
            Change change = changes.get(ordinal);
            jdbc.sql("""
                            INSERT INTO maintenance_update_change (update_id, ordinal, component_id, old_status,
                                                                   new_status)
                            VALUES (?, ?, ?, ?, ?)""")
                    .params(updateId, ordinal, change.componentId(), change.oldStatus().toString(),
                            change.newStatus().toString())
                    .update();
        }
    }
}
