package io.incidentledger.query.incident;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.IncidentFact;
import io.incidentledger.query.downtime.IncidentTimeline;
import io.incidentledger.query.downtime.Interval;
import io.incidentledger.query.downtime.Window;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.nullableDouble;
import static io.incidentledger.query.Sql.END_OF_TIME;
import static io.incidentledger.query.Sql.utc;

/**
 * The incident facts table: what the projection appends, and what the downtime arithmetic replays.
 * Reading is always "as recorded up to" an instant, so that answers as published at a past moment
 * come from the same code as answers as now known.
 */
@Repository
public class IncidentFacts {

    private final JdbcClient jdbc;

    IncidentFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String incidentId, long sequence, int ordinal, String kind, String componentId, ComponentStatus status,
                Double affectedFraction, Instant at, Instant to, Instant recordedAt) {
        jdbc.sql("""
                        INSERT INTO incident_fact (incident_id, sequence, ordinal, kind, component_id, status,
                                                   affected_fraction, effective_at, effective_to, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(incidentId, sequence, ordinal, kind, componentId, status == null ? null : status.toString(),
                        affectedFraction, utc(at), utc(to), utc(recordedAt))
                .update();
    }

    /** What the incident declares right now, per component, in the order first declared. */
    Map<String, ComponentStatus> currentClaims(String incidentId) {
        return claims(factsOf(incidentId, END_OF_TIME));
    }

    /** {@link #currentClaims(String)} of each of {@code incidentIds}, in one read; an unknown id has none. */
    Map<String, Map<String, ComponentStatus>> currentClaims(Collection<String> incidentIds) {
        Map<String, List<IncidentFact>> factsByIncident = new LinkedHashMap<>();
        if (!incidentIds.isEmpty()) {
            jdbc.sql("""
                            SELECT * FROM incident_fact WHERE incident_id IN (:ids)
                            ORDER BY incident_id, sequence, ordinal""")
                    .param("ids", incidentIds)
                    .query(rs -> {
                        factsByIncident.computeIfAbsent(rs.getString("incident_id"), id -> new ArrayList<>())
                                .add(fact(rs));
                    });
        }
        Map<String, Map<String, ComponentStatus>> claims = new LinkedHashMap<>();
        factsByIncident.forEach((id, facts) -> claims.put(id, claims(facts)));
        return claims;
    }

    private static Map<String, ComponentStatus> claims(List<IncidentFact> facts) {
        var claims = new LinkedHashMap<String, ComponentStatus>();
        for (IncidentFact fact : facts) {
            if (fact instanceof IncidentFact.Declared declared) {
                if (declared.status() == ComponentStatus.OPERATIONAL) {
                    claims.remove(declared.componentId());
                } else {
                    claims.put(declared.componentId(), declared.status());
                }
            } else if (fact instanceof IncidentFact.Resolved) {
                claims.clear();
            }
        }
        return claims;
    }

    public List<IncidentFact> factsOf(String incidentId, Instant recordedUpTo) {
        return jdbc.sql("""
                        SELECT * FROM incident_fact WHERE incident_id = ? AND recorded_at <= ?
                        ORDER BY sequence, ordinal""")
                .params(incidentId, utc(recordedUpTo))
                .query((rs, n) -> fact(rs)).list();
    }

    /** One incident replayed: its own intervals, its own downtime. Empty if unknown at that recorded instant. */
    public Optional<IncidentTimeline> timeline(String incidentId, Instant now, Instant recordedUpTo) {
        List<IncidentFact> facts = factsOf(incidentId, recordedUpTo == null ? END_OF_TIME : recordedUpTo);
        return facts.isEmpty() ? Optional.empty() : Optional.of(IncidentTimeline.replay(incidentId, facts, now));
    }

    /**
     * Every interval any incident declared that may overlap the window, grouped by component. Incidents
     * that started after the window, or (when answering as now known) ended before it, are not even read.
     *
     * @param now          the instant open incidents run to
     * @param recordedUpTo ignore facts recorded later (an "as published then" answer); null for "as now known"
     */
    public Map<String, List<Interval>> intervalsByComponent(Window window, Instant now, Instant recordedUpTo) {
        var factsByIncident = new LinkedHashMap<String, List<IncidentFact>>();
        boolean asNowKnown = recordedUpTo == null;
        jdbc.sql("""
                        SELECT f.* FROM incident_fact f JOIN incident_view i ON i.incident_id = f.incident_id
                        WHERE i.started_at < ? AND f.recorded_at <= ?
                          AND (? = FALSE OR i.resolved_at IS NULL OR i.resolved_at > ?)
                        ORDER BY f.incident_id, f.sequence, f.ordinal""")
                .params(utc(window.to()), utc(asNowKnown ? END_OF_TIME : recordedUpTo), asNowKnown,
                        utc(window.from()))
                .query(rs -> {
                    factsByIncident.computeIfAbsent(rs.getString("incident_id"), k -> new java.util.ArrayList<>())
                            .add(fact(rs));
                });
        var byComponent = new LinkedHashMap<String, List<Interval>>();
        factsByIncident.forEach((incidentId, facts) -> {
            for (Interval interval : IncidentTimeline.replay(incidentId, facts, now).intervals()) {
                byComponent.computeIfAbsent(interval.componentId(), k -> new java.util.ArrayList<>()).add(interval);
            }
        });
        return byComponent;
    }

    /**
     * The intervals each of {@code incidentIds} declares as now known, open ones running to the end of time; all
     * incidents' when {@code incidentIds} is null. Keyed by incident, so that a reader keeping them can replace
     * one incident's when it changes; an unknown id, or one with no interval, is absent.
     */
    public Map<String, List<Interval>> intervalsByIncident(Collection<String> incidentIds) {
        if (incidentIds != null && incidentIds.isEmpty()) {
            return Map.of();
        }
        var factsByIncident = new LinkedHashMap<String, List<IncidentFact>>();
        String where = incidentIds == null ? "" : "WHERE incident_id IN (:ids) ";
        var statement = jdbc.sql("SELECT * FROM incident_fact " + where + "ORDER BY incident_id, sequence, ordinal");
        (incidentIds == null ? statement : statement.param("ids", incidentIds)).query(rs -> {
            factsByIncident.computeIfAbsent(rs.getString("incident_id"), k -> new ArrayList<>()).add(fact(rs));
        });
        var byIncident = new LinkedHashMap<String, List<Interval>>();
        factsByIncident.forEach((incidentId, facts) -> {
            List<Interval> intervals = IncidentTimeline.replay(incidentId, facts, END_OF_TIME).intervals();
            if (!intervals.isEmpty()) {
                byIncident.put(incidentId, intervals);
            }
        });
        return byIncident;
    }

    /** One incident_fact row, from any query selecting its columns. */
    static IncidentFact fact(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "effective_at");
        return switch (rs.getString("kind")) {
            case "opened" -> new IncidentFact.Opened(at);
            case "declared" -> new IncidentFact.Declared(rs.getString("component_id"), status(rs),
                    nullableDouble(rs, "affected_fraction"), at);
            case "resolved" -> new IncidentFact.Resolved(at);
            case "reopened" -> new IncidentFact.Reopened(at);
            case "corrected" -> new IncidentFact.Corrected(rs.getString("component_id"), status(rs), at,
                    instant(rs, "effective_to"));
            default -> throw new IllegalStateException("unknown fact kind " + rs.getString("kind"));
        };
    }

    private static ComponentStatus status(ResultSet rs) throws SQLException {
        return ComponentStatus.fromWireName(rs.getString("status")).orElseThrow();
    }
}
