package io.incidentledger.query.maintenance;

import static io.incidentledger.query.Sql.END_OF_TIME;
import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.nullableDouble;
import static io.incidentledger.query.Sql.nullableLong;
import static io.incidentledger.query.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.downtime.Interval;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.maintenance.MaintenanceViews.ComponentChange;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceComponent;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceDetail;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceSummary;
import io.incidentledger.query.maintenance.MaintenanceViews.Page;
import io.incidentledger.query.maintenance.MaintenanceViews.UpdateView;

/**
 * Answers about scheduled maintenances: lists by state, the full record of one, and the intervals the windows that
 * ran declared, which join the incidents' in every component's effective timeline.
 */
@Service
public class MaintenanceQueries {

    /**
     * Which maintenances: {@code UPCOMING} still scheduled, soonest first; {@code ACTIVE} in progress or verifying,
     * earliest started first; {@code PAST} completed or cancelled, and {@code ALL}, latest scheduled first.
     */
    public enum State {
        UPCOMING(" WHERE m.status = 'scheduled'", " ORDER BY m.scheduled_for, m.maintenance_id"),
        ACTIVE(" WHERE m.status IN ('in_progress', 'verifying')", " ORDER BY m.started_at, m.maintenance_id"),
        PAST(" WHERE m.status IN ('completed', 'cancelled')", " ORDER BY m.scheduled_for DESC, m.maintenance_id"),
        ALL(" WHERE 1 = 1", " ORDER BY m.scheduled_for DESC, m.maintenance_id"),
        /** Every maintenance, the one that changed last first: what a feed reader follows. */
        RECENT(" WHERE 1 = 1", " ORDER BY m.updated_at DESC, m.maintenance_id"),
        /** Everything Statuspage lists: all but the cancelled, which Statuspage deletes. */
        LISTED(" WHERE m.status <> 'cancelled'", " ORDER BY m.scheduled_for DESC, m.maintenance_id");

        private final String where;
        private final String order;

        State(String where, String order) {
            this.where = where;
            this.order = order;
        }
    }

    private final JdbcClient jdbc;
    private final ComponentDirectory components;
    private final Clock clock;

    MaintenanceQueries(JdbcClient jdbc, ComponentDirectory components, Clock clock) {
        this.jdbc = jdbc;
        this.components = components;
        this.clock = clock;
    }

    public Page<MaintenanceSummary> list(State state, int page, int size) {
        long total = jdbc.sql("SELECT COUNT(*) FROM maintenance_view m" + state.where).query(Long.class).single();
        List<MaintenanceSummary> items = jdbc.sql("SELECT * FROM maintenance_view m" + state.where + state.order
                        + " LIMIT ? OFFSET ?")
                .params(size, (long) page * size)
                .query((rs, n) -> summary(rs)).list().stream().map(Supplier::get).toList();
        return new Page<>(items, page, size, total);
    }

    /** Every maintenance in that state, in its order (a page's worth at most: these lists are short). */
    public List<MaintenanceDetail> details(State state, int limit) {
        return list(state, 0, limit).items().stream().map(s -> find(s.id())).flatMap(Optional::stream).toList();
    }

    public Optional<MaintenanceDetail> find(String maintenanceId) {
        return jdbc.sql("SELECT * FROM maintenance_view WHERE maintenance_id = ?").param(maintenanceId)
                .query((rs, n) -> detail(rs)).optional().map(Supplier::get);
    }

    /** When the maintenances changed last (recorded), if there are any. */
    public Optional<Instant> lastChange() {
        return jdbc.sql("SELECT MAX(updated_at) AS last_change FROM maintenance_view")
                .query((rs, n) -> Optional.ofNullable(instant(rs, "last_change"))).single();
    }

    /**
     * The maintenances whose window ran, or was planned to run, within {@code window}, oldest first: those that
     * started in it, and those still scheduled for it. What a report lists apart from its incidents.
     */
    public List<MaintenanceDetail> within(Window window) {
        return jdbc.sql("""
                        SELECT maintenance_id FROM maintenance_view
                        WHERE COALESCE(started_at, scheduled_for) >= ? AND COALESCE(started_at, scheduled_for) < ?
                        ORDER BY COALESCE(started_at, scheduled_for), maintenance_id""")
                .params(utc(window.from()), utc(window.to()))
                .query((rs, n) -> rs.getString(1)).list().stream()
                .map(this::find).flatMap(Optional::stream).toList();
    }

    /**
     * Every interval a maintenance that ran declared, that may overlap the window, grouped by component: from its
     * start to its completion (to {@code now} while it runs). Windows that were only scheduled, or cancelled,
     * declare nothing: a plan is not downtime.
     *
     * @param now          the instant running maintenances' intervals end
     * @param recordedUpTo ignore starts and completions recorded later; null for "as now known"
     */
    public Map<String, List<Interval>> intervalsByComponent(Window window, Instant now, Instant recordedUpTo) {
        Instant upTo = recordedUpTo == null ? END_OF_TIME : recordedUpTo;
        var byComponent = new LinkedHashMap<String, List<Interval>>();
        jdbc.sql("""
                        SELECT m.maintenance_id, m.started_at, m.completed_at, m.completed_recorded_at,
                               c.component_id, c.status, c.affected_fraction
                        FROM maintenance_view m JOIN maintenance_component c ON c.maintenance_id = m.maintenance_id
                        WHERE m.started_at IS NOT NULL AND m.started_at < ? AND m.started_recorded_at <= ?
                          AND (m.completed_at IS NULL OR m.completed_recorded_at > ? OR m.completed_at > ?)
                        ORDER BY m.maintenance_id, c.ordinal""")
                .params(utc(window.to()), utc(upTo), utc(upTo), utc(window.from()))
                .query(rs -> {
                    ComponentStatus status = ComponentStatus.fromWireName(rs.getString("status")).orElseThrow();
                    Instant from = instant(rs, "started_at");
                    Instant completed = instant(rs, "completed_at");
                    Instant completedRecorded = instant(rs, "completed_recorded_at");
                    Instant to = completed != null && !completedRecorded.isAfter(upTo) ? completed : now;
                    // Declaring operational claims nothing, and a window that ends before it starts ran no time.
                    if (status != ComponentStatus.OPERATIONAL && to.isAfter(from)) {
                        String componentId = rs.getString("component_id");
                        byComponent.computeIfAbsent(componentId, k -> new ArrayList<>()).add(Interval.planned(
                                rs.getString("maintenance_id"), componentId, status,
                                nullableDouble(rs, "affected_fraction"), from, to));
                    }
                });
        return byComponent;
    }

    /*
     * A row is read into a supplier that runs its nested queries (components, updates) only once the outer result
     * set is closed: run inside the row mapper, each would borrow a second pooled connection while the first is
     * still held, and a handful of concurrent readers would drain the pool.
     */
    private Supplier<MaintenanceSummary> summary(ResultSet rs) throws SQLException {
        String id = rs.getString("maintenance_id");
        Long version = nullableLong(rs, "version");
        String title = rs.getString("title");
        String status = rs.getString("status");
        Instant scheduledFor = instant(rs, "scheduled_for");
        Instant scheduledUntil = instant(rs, "scheduled_until");
        Instant started = instant(rs, "started_at");
        Instant completed = instant(rs, "completed_at");
        Instant cancelled = instant(rs, "cancelled_at");
        Instant created = instant(rs, "created_at");
        Instant updated = instant(rs, "updated_at");
        return () -> new MaintenanceSummary(id, version, title, status, scheduledFor, scheduledUntil, started,
                completed, cancelled, created, updated,
                declared(id, Map.of()).stream().map(MaintenanceComponent::componentId).toList());
    }

    private Supplier<MaintenanceDetail> detail(ResultSet rs) throws SQLException {
        String id = rs.getString("maintenance_id");
        Long version = nullableLong(rs, "version");
        String title = rs.getString("title");
        String status = rs.getString("status");
        Instant scheduledFor = instant(rs, "scheduled_for");
        Instant scheduledUntil = instant(rs, "scheduled_until");
        Instant started = instant(rs, "started_at");
        Instant verifying = instant(rs, "verifying_at");
        Instant completed = instant(rs, "completed_at");
        Instant cancelled = instant(rs, "cancelled_at");
        boolean autoStart = rs.getBoolean("auto_start");
        boolean autoComplete = rs.getBoolean("auto_complete");
        Boolean startedAutomatically = nullableBoolean(rs, "started_automatically");
        Boolean completedAutomatically = nullableBoolean(rs, "completed_automatically");
        String seriesId = rs.getString("series_id");
        Instant created = instant(rs, "created_at");
        Instant updated = instant(rs, "updated_at");
        boolean ongoing = "in_progress".equals(status) || "verifying".equals(status);
        return () -> {
            Map<String, String> names = names();
            return new MaintenanceDetail(id, version, title, status, scheduledFor, scheduledUntil, started,
                    verifying, completed, cancelled, autoStart, autoComplete, startedAutomatically,
                    completedAutomatically, seriesId, duration(started, completed), ongoing, created, updated,
                    declared(id, names), updates(id, names));
        };
    }

    private List<MaintenanceComponent> declared(String maintenanceId, Map<String, String> names) {
        return jdbc.sql("SELECT * FROM maintenance_component WHERE maintenance_id = ? ORDER BY ordinal")
                .param(maintenanceId)
                .query((rs, n) -> {
                    String componentId = rs.getString("component_id");
                    return new MaintenanceComponent(componentId, names.getOrDefault(componentId, componentId),
                            rs.getString("status"), nullableDouble(rs, "affected_fraction"));
                })
                .list();
    }

    /** Newest first, by effective time, then by the order they were recorded. */
    private List<UpdateView> updates(String maintenanceId, Map<String, String> names) {
        Map<String, List<ComponentChange>> changes = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT c.* FROM maintenance_update_change c
                        JOIN maintenance_update_view u ON u.update_id = c.update_id
                        WHERE u.maintenance_id = ? AND c.old_status <> c.new_status
                        ORDER BY c.update_id, c.ordinal""")
                .param(maintenanceId)
                .query(rs -> {
                    String componentId = rs.getString("component_id");
                    changes.computeIfAbsent(rs.getString("update_id"), k -> new ArrayList<>())
                            .add(new ComponentChange(componentId, names.getOrDefault(componentId, componentId),
                                    rs.getString("old_status"), rs.getString("new_status")));
                });
        return jdbc.sql("""
                        SELECT * FROM maintenance_update_view WHERE maintenance_id = ?
                        ORDER BY effective_at DESC, sequence DESC""")
                .param(maintenanceId)
                .query((rs, n) -> new UpdateView(rs.getString("update_id"), rs.getString("kind"),
                        rs.getString("status"), rs.getString("message"), instant(rs, "effective_at"),
                        instant(rs, "recorded_at"), rs.getString("actor"), rs.getBoolean("automatic"),
                        instant(rs, "scheduled_for"), instant(rs, "scheduled_until"),
                        changes.getOrDefault(rs.getString("update_id"), List.of())))
                .list();
    }

    private Map<String, String> names() {
        return components.all().stream().collect(Collectors.toMap(ComponentView::id, ComponentView::name,
                (a, b) -> a, LinkedHashMap::new));
    }

    private long duration(Instant started, Instant completed) {
        if (started == null) {
            return 0;
        }
        Instant end = completed != null ? completed : clock.instant();
        return Math.max(0, Duration.between(started, end).toSeconds());
    }

    private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
