package io.incidentledger.query.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The incident read model's answers. Field names are the REST contract. */
public final class IncidentViews {

    private IncidentViews() {
    }

    public record IncidentSummary(String id, String title, String impact, String status, Instant startedAt,
                                  Instant resolvedAt, Instant monitoringAt, long durationSeconds, Instant createdAt,
                                  Instant updatedAt, List<String> components) {
    }

    public record ComponentChange(String componentId, String name, String oldStatus, String newStatus,
                                  Double affectedFraction) {
    }

    /** One entry of the timeline: {@code at} is when it happened, {@code recordedAt} when it was written down. */
    public record UpdateView(String id, String kind, String status, String message, Instant at, Instant recordedAt,
                             String author, List<ComponentChange> componentChanges) {
    }

    public record Postmortem(String body, Instant publishedAt) {
    }

    public record IncidentDetail(String id, String title, String impact, String status, Instant startedAt,
                                 Instant resolvedAt, Instant monitoringAt, long durationSeconds, boolean ongoing,
                                 Instant createdAt, Instant updatedAt, List<AffectedComponent> components,
                                 List<UpdateView> updates, List<Object> corrections, Postmortem postmortem) {
    }

    /** A component the incident touched, and what the incident declares for it now (operational once ended). */
    public record AffectedComponent(String componentId, String name, String status) {
    }

    public record ComponentDowntime(String componentId, String name, Map<String, Long> seconds, long impactedSeconds) {
    }

    public record IncidentDowntime(String incidentId, Instant startedAt, Instant resolvedAt, boolean ongoing,
                                   List<ComponentDowntime> components) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
