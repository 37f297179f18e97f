package io.incidentledger.query.incident;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.downtime.ImpactPhases;
import io.incidentledger.query.downtime.IncidentFact;
import io.incidentledger.query.downtime.IncidentTimeline;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentViews.AffectedComponent;
import io.incidentledger.query.incident.IncidentViews.ComponentChange;
import io.incidentledger.query.incident.IncidentViews.ComponentDowntime;
import io.incidentledger.query.incident.IncidentViews.ComponentImpact;
import io.incidentledger.query.incident.IncidentViews.CorrectionView;
import io.incidentledger.query.incident.IncidentViews.IncidentDetail;
import io.incidentledger.query.incident.IncidentViews.IncidentDowntime;
import io.incidentledger.query.incident.IncidentViews.IncidentImpact;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import io.incidentledger.query.incident.IncidentViews.Page;
import io.incidentledger.query.incident.IncidentViews.PhaseView;
import io.incidentledger.query.incident.IncidentViews.Postmortem;
import io.incidentledger.query.incident.IncidentViews.UpdateView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.nullableDouble;
import static io.incidentledger.query.Sql.nullableLong;
import static io.incidentledger.query.Sql.utc;

/** Answers about incidents: lists, the full record of one, and its own downtime per component. */
@Service
public class IncidentQueries {

    public enum State { OPEN, RESOLVED, ALL }

    /**
     * An incident as reports need it: its timeline as now known, and when its opening was recorded (which,
     * against the timeline's start, says how long it took to notice).
     */
    public record IncidentRecord(String id, String title, String impact, String status, Instant openingRecordedAt,
                                 IncidentTimeline timeline) {
    }

    public record Filter(State state, String component, Instant from, Instant to) {
    }

    private final JdbcClient jdbc;
    private final IncidentFacts facts;
    private final ComponentDirectory components;
    private final Clock clock;

    IncidentQueries(JdbcClient jdbc, IncidentFacts facts, ComponentDirectory components, Clock clock) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.components = components;
        this.clock = clock;
    }

    /** Newest first (by effective start). {@code from}/{@code to} select incidents overlapping that window. */
    public Page<IncidentSummary> list(Filter filter, int page, int size) {
        var where = new StringBuilder(" WHERE 1 = 1");
        var params = new ArrayList<Object>();
        switch (filter.state()) {
            case OPEN -> where.append(" AND i.resolved_at IS NULL");
            case RESOLVED -> where.append(" AND i.resolved_at IS NOT NULL");
            case ALL -> { }
        }
        if (filter.component() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM incident_fact f WHERE f.incident_id = i.incident_id"
                    + " AND f.component_id = ?)");
            params.add(filter.component());
        }
        if (filter.to() != null) {
            where.append(" AND i.started_at < ?");
            params.add(utc(filter.to()));
        }
        if (filter.from() != null) {
            where.append(" AND (i.resolved_at IS NULL OR i.resolved_at > ?)");
            params.add(utc(filter.from()));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM incident_view i" + where).params(params)
                .query(Long.class).single();
        var pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<IncidentSummary> rows = jdbc.sql("SELECT * FROM incident_view i" + where
                        + " ORDER BY i.started_at DESC, i.incident_id LIMIT ? OFFSET ?")
                .params(pageParams).query((rs, n) -> summary(rs, List.of())).list();
        Map<String, List<String>> touched = touchedComponents(rows.stream().map(IncidentSummary::id).toList());
        List<IncidentSummary> items = rows.stream().map(row -> withComponents(row, touched)).toList();
        return new Page<>(items, page, size, total);
    }

    public List<IncidentSummary> open() {
        return list(new Filter(State.OPEN, null, null, null), 0, 1000).items();
    }

    /**
     * Every incident that started in the window, oldest first, as now known; open ones run to now. One read of
     * facts and incident rows together, so an incident the projection is writing meanwhile is wholly in or out.
     */
    public List<IncidentRecord> startedIn(Window window) {
        record Row(String id, String title, String impact, String status, Instant recordedAt) {
        }
        var rows = new LinkedHashMap<String, Row>();
        var factsByIncident = new LinkedHashMap<String, List<IncidentFact>>();
        jdbc.sql("""
                        SELECT f.*, i.title, i.impact, i.status AS incident_status, i.created_at
                        FROM incident_fact f JOIN incident_view i ON i.incident_id = f.incident_id
                        WHERE i.started_at >= ? AND i.started_at < ?
                        ORDER BY i.started_at, f.incident_id, f.sequence, f.ordinal""")
                .params(utc(window.from()), utc(window.to()))
                .query(rs -> {
                    String id = rs.getString("incident_id");
                    if (!rows.containsKey(id)) {
                        rows.put(id, new Row(id, rs.getString("title"), rs.getString("impact"),
                                rs.getString("incident_status"), instant(rs, "created_at")));
                    }
                    factsByIncident.computeIfAbsent(id, k -> new ArrayList<>()).add(IncidentFacts.fact(rs));
                });
        Instant now = clock.instant();
        return rows.values().stream()
                .map(row -> new IncidentRecord(row.id(), row.title(), row.impact(), row.status(), row.recordedAt(),
                        IncidentTimeline.replay(row.id(), factsByIncident.get(row.id()), now)))
                .toList();
    }

    public Optional<IncidentDetail> find(String incidentId) {
        return Optional.ofNullable(findAll(List.of(incidentId)).get(incidentId));
    }

    /**
     * The details of {@code incidentIds} that exist, in that order, read in a fixed number of statements whatever
     * their number: the documents and the page are rebuilt after every change, each with every open incident
     * and the newest ones, and one query per incident and part (updates, corrections, components, claims) made a
     * rebuild hundreds of round trips, which outlasted the changes arriving at ten a second.
     */
    public Map<String, IncidentDetail> findAll(Collection<String> incidentIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(incidentIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> names = names();
        Map<String, Map<String, ComponentStatus>> claims = facts.currentClaims(ids);
        Map<String, List<String>> touched = touchedComponents(ids);
        Map<String, List<UpdateView>> updates = updates(ids, names);
        Map<String, List<CorrectionView>> corrections = corrections(ids, names);
        Map<String, IncidentDetail> found = new HashMap<>();
        jdbc.sql("SELECT * FROM incident_view WHERE incident_id IN (:ids)").param("ids", ids)
                .query(rs -> {
                    String id = rs.getString("incident_id");
                    found.put(id, detail(rs, names, claims.getOrDefault(id, Map.of()),
                            touched.getOrDefault(id, List.of()), updates.getOrDefault(id, List.of()),
                            corrections.getOrDefault(id, List.of())));
                });
        Map<String, IncidentDetail> inOrder = new LinkedHashMap<>();
        ids.stream().filter(found::containsKey).forEach(id -> inOrder.put(id, found.get(id)));
        return inOrder;
    }

    public Optional<IncidentDowntime> downtime(String incidentId) {
        // Every figure from the one read of the facts: taking the span from incident_view in a second statement
        // could pair a resolution the facts do not have yet with their "ongoing", or the other way round.
        return facts.timeline(incidentId, clock.instant(), null).map(timeline ->
                new IncidentDowntime(incidentId, timeline.startedAt(), timeline.resolvedAt(), timeline.ongoing(),
                        componentDowntime(timeline)));
    }

    /** Per component, in the order the incident first named them: its phases, totals and the sentence for them. */
    public Optional<IncidentImpact> impact(String incidentId) {
        return facts.timeline(incidentId, clock.instant(), null).map(timeline -> {
            Map<String, String> names = names();
            List<ComponentImpact> components = ImpactPhases.of(timeline).stream()
                    .map(impact -> {
                        String name = names.getOrDefault(impact.componentId(), impact.componentId());
                        return new ComponentImpact(impact.componentId(), name,
                                impact.phases().stream().map(p -> new PhaseView(p.status().toString(), p.from(),
                                        p.to(), p.duration().getSeconds())).toList(),
                                impact.seconds().impactedSeconds(),
                                ImpactPhases.sentence(name, impact.phases(), timeline.ongoing()));
                    })
                    .toList();
            return new IncidentImpact(incidentId, timeline.startedAt(), timeline.resolvedAt(), timeline.ongoing(),
                    timeline.customerImpactSeconds(), components);
        });
    }

    private List<ComponentDowntime> componentDowntime(IncidentTimeline timeline) {
        Map<String, String> names = names();
        return timeline.downtime().entrySet().stream()
                .map(e -> new ComponentDowntime(e.getKey(), names.getOrDefault(e.getKey(), e.getKey()),
                        e.getValue().asWireMap(), e.getValue().impactedSeconds()))
                .toList();
    }

    private IncidentSummary summary(ResultSet rs, List<String> components) throws SQLException {
        String id = rs.getString("incident_id");
        Instant started = instant(rs, "started_at");
        Instant resolved = instant(rs, "resolved_at");
        return new IncidentSummary(id, nullableLong(rs, "version"), rs.getString("title"), rs.getString("impact"), rs.getString("status"),
                started, resolved, instant(rs, "monitoring_at"), duration(started, resolved),
                instant(rs, "created_at"), instant(rs, "updated_at"), components);
    }

    private static IncidentSummary withComponents(IncidentSummary s, Map<String, List<String>> touched) {
        return new IncidentSummary(s.id(), s.version(), s.title(), s.impact(), s.status(), s.startedAt(),
                s.resolvedAt(), s.monitoringAt(), s.durationSeconds(), s.createdAt(), s.updatedAt(),
                touched.getOrDefault(s.id(), List.of()));
    }

    private IncidentDetail detail(ResultSet rs, Map<String, String> names, Map<String, ComponentStatus> claims,
                                  List<String> touched, List<UpdateView> updates, List<CorrectionView> corrections)
            throws SQLException {
        String id = rs.getString("incident_id");
        Instant started = instant(rs, "started_at");
        Instant resolved = instant(rs, "resolved_at");
        List<AffectedComponent> affected = touched.stream()
                .map(c -> new AffectedComponent(c, names.getOrDefault(c, c),
                        claims.containsKey(c) ? claims.get(c).toString() : "operational"))
                .toList();
        String postmortemBody = rs.getString("postmortem");
        return new IncidentDetail(id, nullableLong(rs, "version"), rs.getString("title"), rs.getString("impact"),
                rs.getString("status"), started, resolved, instant(rs, "monitoring_at"), duration(started, resolved),
                resolved == null, instant(rs, "created_at"), instant(rs, "updated_at"), affected, updates,
                corrections,
                postmortemBody == null ? null : new Postmortem(postmortemBody, instant(rs, "postmortem_at")));
    }

    /**
     * Newest first, by effective time, then by the order they were recorded. An update's {@code componentChanges}
     * are its transitions only: a declaration that re-states the status a component already had (major outage
     * again, a new affected fraction at the same status) changes nothing anyone is shown, so the page, the feed,
     * the Statuspage documents and this API all leave it out. It stays in the facts, hence in every figure, and in
     * the audit trail of events.
     */
    private Map<String, List<UpdateView>> updates(List<String> incidentIds, Map<String, String> names) {
        Map<String, List<ComponentChange>> changes = new HashMap<>();
        jdbc.sql("""
                        SELECT u.incident_id AS change_incident_id, c.* FROM incident_update_change c
                        JOIN incident_update_view u ON u.update_id = c.update_id
                        WHERE u.incident_id IN (:ids) AND c.old_status <> c.new_status
                        ORDER BY c.update_id, c.ordinal""")
                .param("ids", incidentIds)
                .query(rs -> {
                    String componentId = rs.getString("component_id");
                    changes.computeIfAbsent(rs.getString("change_incident_id") + "/" + rs.getString("update_id"),
                                    k -> new ArrayList<>())
                            .add(new ComponentChange(componentId, names.getOrDefault(componentId, componentId),
                                    rs.getString("old_status"), rs.getString("new_status"),
                                    nullableDouble(rs, "affected_fraction")));
                });
        Map<String, List<UpdateView>> updates = new HashMap<>();
        jdbc.sql("""
                        SELECT * FROM incident_update_view WHERE incident_id IN (:ids)
                        ORDER BY incident_id, effective_at DESC, sequence DESC""")
                .param("ids", incidentIds)
                .query(rs -> {
                    String incidentId = rs.getString("incident_id");
                    updates.computeIfAbsent(incidentId, k -> new ArrayList<>()).add(new UpdateView(
                            rs.getString("update_id"), rs.getString("kind"), rs.getString("status"),
                            rs.getString("message"), instant(rs, "effective_at"), instant(rs, "recorded_at"),
                            rs.getString("actor"),
                            changes.getOrDefault(incidentId + "/" + rs.getString("update_id"), List.of())));
                });
        return updates;
    }

    /** In the order they were made: where two overlap, the later one holds. */
    private Map<String, List<CorrectionView>> corrections(List<String> incidentIds, Map<String, String> names) {
        Map<String, List<CorrectionView>> corrections = new HashMap<>();
        jdbc.sql("SELECT * FROM incident_correction_view WHERE incident_id IN (:ids) ORDER BY incident_id, sequence")
                .param("ids", incidentIds)
                .query(rs -> {
                    String componentId = rs.getString("component_id");
                    corrections.computeIfAbsent(rs.getString("incident_id"), k -> new ArrayList<>()).add(
                            new CorrectionView(rs.getString("correction_id"), componentId,
                                    names.getOrDefault(componentId, componentId), rs.getString("status"),
                                    instant(rs, "effective_from"), instant(rs, "effective_to"),
                                    rs.getString("reason"), rs.getString("actor"), instant(rs, "recorded_at")));
                });
        return corrections;
    }

    /** Per incident, the components its facts name, in the order first named. */
    private Map<String, List<String>> touchedComponents(List<String> incidentIds) {
        Map<String, List<String>> touched = new HashMap<>();
        if (incidentIds.isEmpty()) {
            return touched;
        }
        jdbc.sql("""
                        SELECT incident_id, component_id, MIN(sequence * 10000 + ordinal) AS first_seen
                        FROM incident_fact WHERE incident_id IN (:ids) AND component_id IS NOT NULL
                        GROUP BY incident_id, component_id ORDER BY incident_id, first_seen""")
                .param("ids", incidentIds)
                .query(rs -> {
                    touched.computeIfAbsent(rs.getString("incident_id"), k -> new ArrayList<>())
                            .add(rs.getString("component_id"));
                });
        return touched;
    }

    private Map<String, String> names() {
        return components.all().stream().collect(Collectors.toMap(ComponentView::id, ComponentView::name,
                (a, b) -> a, LinkedHashMap::new));
    }

    private long duration(Instant started, Instant resolved) {
        Instant end = resolved != null ? resolved : clock.instant();
        return Math.max(0, Duration.between(started, end).toSeconds());
    }

}
