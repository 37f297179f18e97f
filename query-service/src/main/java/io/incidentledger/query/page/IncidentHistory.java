package io.incidentledger.query.page;

import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.utc;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reads behind the history page: when incidents began (to find the months that have any) and the incidents
 * that began in a window. Every incident counts, open or resolved and of any age; the read model's index on
 * {@code started_at} serves both.
 */
@Repository
class IncidentHistory {

    /** An incident as the history lists it. {@code resolvedAt} is null while it is open. */
    record HistoryRow(String id, String title, String impact, String status, Instant startedAt, Instant resolvedAt) {
    }

    private final JdbcClient jdbc;

    IncidentHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** When each incident began, newest first. */
    List<Instant> startTimes() {
        return jdbc.sql("SELECT started_at FROM incident_view ORDER BY started_at DESC")
                .query((rs, n) -> instant(rs, "started_at")).list();
    }

    /** The incidents that began in [from, to), newest first. */
    List<HistoryRow> startedBetween(Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT incident_id, title, impact, status, started_at, resolved_at FROM incident_view
                        WHERE started_at >= ? AND started_at < ? ORDER BY started_at DESC, incident_id""")
                .params(utc(from), utc(to))
                .query((rs, n) -> new HistoryRow(rs.getString("incident_id"), rs.getString("title"),
                        rs.getString("impact"), rs.getString("status"), instant(rs, "started_at"),
                        instant(rs, "resolved_at")))
                .list();
    }
}
