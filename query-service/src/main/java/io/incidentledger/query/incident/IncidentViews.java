package io.incidentledger.query.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The incident read model's answers. Field names are the REST contract. {@code version} is the incident's
 * aggregate version as of the answer (the sequence number of its last event projected; null for a row projected
 * before versions were kept, until a rebuild): what to send command-service as {@code If-Match}.
 */
public final class IncidentViews {

    private IncidentViews() {
    }

    public record IncidentSummary(String id, Long version, String title, String impact, String status, Instant startedAt,
                                  Instant resolvedAt, Instant monitoringAt, long durationSeconds, Instant createdAt,
                                  Instant updatedAt, List<String> components) {
    }

    public record ComponentChange(String componentId, String name, String oldStatus, String newStatus,
                                  Double affectedFraction) {
    }

    /**
     * One entry of the timeline: {@code at} is when it happened, {@code recordedAt} when it was written down.
     * {@code componentChanges} lists the components it moved to another status (old status never equals new).
     */
    public record UpdateView(String id, String kind, String status, String message, Instant at, Instant recordedAt,
                             String author, List<ComponentChange> componentChanges) {
    }

    /**
     * Hindsight, shown openly: over {@code [from, to)} the incident's claim on the component is {@code status},
     * whatever was declared then. Every figure (downtime, uptime, impact) already includes it.
     */
    public record CorrectionView(String id, String componentId, String name, String status, Instant from, Instant to,
                                 String reason, String author, Instant recordedAt) {
    }

    public record Postmortem(String body, Instant publishedAt) {
    }

    public record IncidentDetail(String id, Long version, String title, String impact, String status, Instant startedAt,
                                 Instant resolvedAt, Instant monitoringAt, long durationSeconds, boolean ongoing,
                                 Instant createdAt, Instant updatedAt, List<AffectedComponent> components,
                                 List<UpdateView> updates, List<CorrectionView> corrections, Postmortem postmortem) {
    }

    /** A component the incident touched, and what the incident declares for it now (operational once ended). */
    public record AffectedComponent(String componentId, String name, String status) {
    }

    public record ComponentDowntime(String componentId, String name, Map<String, Long> seconds, long impactedSeconds) {
    }

    public record IncidentDowntime(String incidentId, Instant startedAt, Instant resolvedAt, boolean ongoing,
                                   List<ComponentDowntime> components) {
    }

    /** One stretch at one status; operational only for a quiet gap between two stretches of trouble. */
    public record PhaseView(String status, Instant from, Instant to, long seconds) {
    }

    /** {@code summary} is the phases in words, as the incident page writes them. */
    public record ComponentImpact(String componentId, String name, List<PhaseView> phases, long impactedSeconds,
                                  String summary) {
    }

    /**
     * The scope of an incident's impact, corrections included. {@code customerImpactSeconds} counts the time any
     * of its components was in trouble once, however many were.
     */
    public record IncidentImpact(String incidentId, Instant startedAt, Instant resolvedAt, boolean ongoing,
                                 long customerImpactSeconds, List<ComponentImpact> components) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
