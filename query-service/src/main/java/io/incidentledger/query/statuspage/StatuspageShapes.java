package io.incidentledger.query.statuspage;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The Atlassian Statuspage public API v2 shapes, field for field. Java names are camelCase; the dedicated
 * mapper in {@link StatuspageDocuments} writes them snake_case ({@code created_at}), and writes nulls, as
 * Statuspage does, so a client reading a field that is null finds it.
 */
final class StatuspageShapes {

    private StatuspageShapes() {
    }

    record Page(String id, String name, String url, String timeZone, Instant updatedAt) {
    }

    record Status(String indicator, String description) {
    }

    /** A component, or (with {@code group} true) a group of them, with its members' ids in {@code components}. */
    record Component(String id, String name, String status, Instant createdAt, Instant updatedAt, int position,
                     String description, boolean showcase, String startDate, String groupId, String pageId,
                     boolean group, boolean onlyShowIfDegraded,
                     @JsonInclude(JsonInclude.Include.NON_NULL) List<String> components) {
    }

    record AffectedComponent(String code, String name, String oldStatus, String newStatus) {
    }

    record IncidentUpdate(String id, String status, String body, String incidentId, Instant createdAt,
                          Instant updatedAt, Instant displayAt, List<AffectedComponent> affectedComponents,
                          boolean deliverNotifications, String customTweet, String tweetId) {
    }

    record Incident(String id, String name, String status, Instant createdAt, Instant updatedAt,
                    Instant monitoringAt, Instant resolvedAt, String impact, String shortlink, Instant startedAt,
                    String pageId, List<IncidentUpdate> incidentUpdates, List<Component> components) {
    }

    /** A scheduled maintenance: the incident fields, with maintenance statuses and impact, plus its window. */
    record ScheduledMaintenance(String id, String name, String status, Instant createdAt, Instant updatedAt,
                                Instant monitoringAt, Instant resolvedAt, String impact, String shortlink,
                                Instant startedAt, String pageId, List<IncidentUpdate> incidentUpdates,
                                List<Component> components, Instant scheduledFor, Instant scheduledUntil) {
    }

    record Summary(Page page, List<Component> components, List<Incident> incidents,
                   List<ScheduledMaintenance> scheduledMaintenances, Status status) {
    }

    record StatusDocument(Page page, Status status) {
    }

    record ComponentsDocument(Page page, List<Component> components) {
    }

    record IncidentsDocument(Page page, List<Incident> incidents) {
    }

    record ScheduledMaintenancesDocument(Page page, List<ScheduledMaintenance> scheduledMaintenances) {
    }
}
