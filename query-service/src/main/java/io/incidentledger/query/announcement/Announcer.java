package io.incidentledger.query.announcement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.incidentledger.query.status.StatusBoard;
import io.incidentledger.query.statuspage.StatuspageDocuments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the pending candidates every read model has passed into announcements (SPEC §8), on one instance at a
 * time (the lease), in one short transaction per step: the incident and maintenance transitions that are news, and
 * each component whose current status differs from the one last announced.
 *
 * <p>News is what is published now: an incident first recorded more than the news window after it began (a
 * backdated entry) is not announced, unless an earlier part of it was (who heard "opened" must hear "resolved").
 * Corrections are never incident news; a correction that changes a current status shows as a component change.
 *
 * <p>A component's new status is announced once it has held for the settle time, so a status that only flickers
 * (a backdated incident entered, then resolved a moment later) announces nothing. A planned maintenance is reminded
 * of a configurable time before it starts. The bodies' links are written from {@link AnnouncementLinks#BASE};
 * delivery and the live stream put each reader's base in.
 */
@Component
class Announcer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Announcer.class);

    /** The change types of the events that can be news, by event type. */
    private static final Map<String, String> CHANGES = Map.ofEntries(
            Map.entry("IncidentOpened", "incident_opened"),
            Map.entry("IncidentUpdatePosted", "incident_updated"),
            Map.entry("IncidentResolved", "incident_resolved"),
            Map.entry("IncidentReopened", "incident_reopened"),
            Map.entry("MaintenanceScheduled", "maintenance_scheduled"),
            Map.entry("MaintenanceRescheduled", "maintenance_rescheduled"),
            Map.entry("MaintenanceStarted", "maintenance_started"),
            Map.entry("MaintenanceUpdatePosted", "maintenance_updated"),
            Map.entry("MaintenanceCompleted", "maintenance_completed"),
            Map.entry("MaintenanceCancelled", "maintenance_cancelled"));

    /** A pending event; {@code effectiveAt} is when its fact happened (null when the event does not say). */
    /** How long component changes may wait for the events that caused them to be announced first. */
    private static final Duration CAUSE_WAIT = Duration.ofSeconds(5);

    private record Candidate(long position, String eventType, String kind, String subjectId, Instant recordedAt,
                             Instant effectiveAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ReadModelProgress progress;
    private final StatuspageDocuments documents;
    private final StatusBoard board;
    private final Clock clock;
    private final Duration newsWindow;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration settle;
    private final Duration reminderBefore;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String holder = "announcer-" + UUID.randomUUID();
    private ScheduledExecutorService poller;
    private volatile boolean running;

    Announcer(JdbcClient jdbc, TransactionTemplate transaction, ReadModelProgress progress,
              StatuspageDocuments documents, StatusBoard board, Clock clock,
              @Value("${incident-ledger.announcements.news-window:PT1H}") Duration newsWindow,
              @Value("${incident-ledger.announcements.poll-interval:200ms}") Duration pollInterval,
              @Value("${incident-ledger.announcements.lease:PT30S}") Duration lease,
              @Value("${incident-ledger.announcements.settle:PT2S}") Duration settle,
              @Value("${incident-ledger.announcements.maintenance-reminder:PT1H}") Duration reminderBefore) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.progress = progress;
        this.documents = documents;
        this.board = board;
        this.clock = clock;
        this.newsWindow = newsWindow;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.settle = settle;
        this.reminderBefore = reminderBefore;
    }

    @Override
    public void start() {
        running = true;
        poller = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("announcer-"));
        poller.scheduleWithFixedDelay(this::step, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One step: nothing while any read model replays or another instance holds the lease. */
    void step() {
        try {
            OptionalLong passed = progress.passedThrough();
            if (passed.isEmpty() || !takeLease()) {
                return;
            }
            try {
                transaction.executeWithoutResult(status -> announce(passed.getAsLong()));
            } finally {
                releaseLease();
            }
        } catch (RuntimeException failure) {
            log.warn("Announcing failed; the next step retries", failure);
        }
    }

    private boolean takeLease() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        UPDATE announcer_lease SET holder = ?, expires_at = ?
                        WHERE id = 1 AND (holder IS NULL OR holder = ? OR expires_at < ?)""")
                .params(holder, Timestamp.from(now.plus(lease)), holder, Timestamp.from(now))
                .update() == 1;
    }

    private void releaseLease() {
        jdbc.sql("UPDATE announcer_lease SET holder = NULL, expires_at = NULL WHERE id = 1 AND holder = ?")
                .param(holder).update();
    }

    private void announce(long passed) {
        List<Candidate> candidates = jdbc.sql("""
                        SELECT position, event_type, subject_kind, subject_id, recorded_at, effective_at
                        FROM announcement_pending WHERE position <= ? ORDER BY position""")
                .param(passed)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant).orElse(null)))
                .list();
        for (Candidate candidate : candidates) {
            String change = CHANGES.get(candidate.eventType());
            if (change != null && isNews(candidate)) {
                body(candidate).ifPresent(body -> record(candidate, change, body));
            }
        }
        if (!candidates.isEmpty()) {
            jdbc.sql("DELETE FROM announcement_pending WHERE position <= ?")
                    .param(candidates.get(candidates.size() - 1).position()).update();
        }
        if (!causesStillPending(passed)) {
            announceComponentChanges(passed);
        }
        remindOfMaintenances();
    }

    /**
     * News is what is published now: a fact recorded within the news window of when it happened. A backdated
     * entry (an incident opened or resolved "at" hours ago) is filed, not announced, unless its incident was
     * announced before (who heard "opened" must hear "resolved", however late it is entered).
     */
    private boolean isNews(Candidate candidate) {
        if (!"incident".equals(candidate.kind()) || candidate.effectiveAt() == null
                || !candidate.recordedAt().isAfter(candidate.effectiveAt().plus(newsWindow))) {
            return true;
        }
        return jdbc.sql("SELECT COUNT(*) FROM announcement WHERE kind = ? AND subject_id = ?")
                .params(candidate.kind(), candidate.subjectId()).query(Long.class).single() > 0;
    }

    private Optional<String> body(Candidate candidate) {
        return "incident".equals(candidate.kind())
                ? documents.incidentAnnouncement(candidate.subjectId(), AnnouncementLinks.BASE)
                : documents.maintenanceAnnouncement(candidate.subjectId(), AnnouncementLinks.BASE);
    }

    private void record(Candidate candidate, String change, String body) {
        insert(candidate.position(), candidate.kind(), candidate.subjectId(), change, "event:" + candidate.position(),
                body, clock.instant(), components(body));
    }

    /**
     * Whether events the read models have but whose stored tokens do not show it yet (they lag by up to a second)
     * may be what moved a component: its change then waits a step or a few, so that subscribers hear of the
     * incident before the component it took down. Never for long: under a steady stream of commands there is
     * always something pending, so a candidate older than {@link #CAUSE_WAIT} no longer holds changes back.
     */
    private boolean causesStillPending(long passed) {
        return jdbc.sql("SELECT MIN(recorded_at) FROM announcement_pending WHERE position > ?").param(passed)
                .query(Timestamp.class).optional()
                .map(oldest -> oldest.toInstant().isAfter(clock.instant().minus(CAUSE_WAIT)))
                .orElse(false);
    }

    /** A component's status as last announced, and the different one seen since, not yet held for the settle time. */
    private record Announced(String status, String pendingStatus, Instant pendingSince) {
    }

    /**
     * Every component whose status now differs from the one last announced, and has for the settle time, is a
     * component_update; a component seen for the first time is recorded without one (its registration is not an
     * outage). Deduplicated by the event position the read models have passed and the new status: the same change
     * seen twice (a retried step, a second instance) is recorded once.
     */
    private void announceComponentChanges(long passed) {
        Map<String, Announced> announced = new HashMap<>();
        jdbc.sql("SELECT component_id, status, pending_status, pending_since FROM announced_component_status")
                .query((rs, n) -> announced.put(rs.getString(1), new Announced(rs.getString(2), rs.getString(3),
                        Optional.ofNullable(rs.getTimestamp(4)).map(Timestamp::toInstant).orElse(null))))
                .list();
        // Every step: between changes the board answers from the timelines it keeps (KeptTimelines), and a status
        // can move with time alone (a window's planned end).
        StatusBoard.Status status = board.current();
        Instant now = clock.instant();
        for (StatusBoard.ComponentStatusView component : status.components()) {
            Announced last = announced.get(component.id());
            String current = component.status();
            if (last == null) {
                jdbc.sql("INSERT INTO announced_component_status (component_id, status, announced_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING").params(component.id(), current, Timestamp.from(now))
                        .update();
            } else if (last.status().equals(current)) {
                if (last.pendingStatus() != null) { // it moved and came back within the settle time: no news
                    jdbc.sql("UPDATE announced_component_status SET pending_status = NULL, pending_since = NULL "
                            + "WHERE component_id = ?").param(component.id()).update();
                }
            } else if (!current.equals(last.pendingStatus())) {
                if (settle.isZero()) {
                    announceComponentChange(status, component, last.status(), passed, now);
                } else {
                    jdbc.sql("UPDATE announced_component_status SET pending_status = ?, pending_since = ? "
                            + "WHERE component_id = ?").params(current, Timestamp.from(now), component.id()).update();
                }
            } else if (!now.isBefore(last.pendingSince().plus(settle))) {
                announceComponentChange(status, component, last.status(), passed, now);
            }
        }
    }

    private void announceComponentChange(StatusBoard.Status status, StatusBoard.ComponentStatusView component,
                                         String old, long passed, Instant now) {
        int moved = jdbc.sql("""
                        UPDATE announced_component_status
                        SET status = ?, announced_at = ?, pending_status = NULL, pending_since = NULL
                        WHERE component_id = ? AND status = ?""")
                .params(component.status(), Timestamp.from(now), component.id(), old).update();
        if (moved == 0) {
            return; // announced meanwhile by a step that held the lease before this one
        }
        String dedup = "component:" + component.id() + ":" + passed + ":" + component.status();
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("id", "cu-" + UUID.nameUUIDFromBytes(dedup.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        update.put("component_id", component.id());
        update.put("old_status", old);
        update.put("new_status", component.status());
        update.put("created_at", now.toString());
        update.put("component_type", "component");
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("id", component.id());
        named.put("name", component.name());
        named.put("status", component.status());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page(status));
        body.put("component_update", update);
        body.put("component", named);
        insert(passed, "component_update", component.id(), "component_status_changed", dedup,
                json.writeValueAsString(body), now, List.of(component.id()));
    }

    /**
     * A reminder a configurable time before a planned maintenance starts, once per planned start (a rescheduled
     * window is reminded of again), to those who heard of it before. Not when the maintenance was announced
     * (scheduled or rescheduled) within that time: that message already said when it starts.
     */
    private void remindOfMaintenances() {
        if (reminderBefore.isZero() || reminderBefore.isNegative()) {
            return;
        }
        Instant now = clock.instant();
        record Upcoming(String id, Instant scheduledFor) {
        }
        List<Upcoming> upcoming = jdbc.sql("""
                        SELECT maintenance_id, scheduled_for FROM maintenance_view
                        WHERE status = 'scheduled' AND scheduled_for > ? AND scheduled_for <= ?""")
                .params(Timestamp.from(now), Timestamp.from(now.plus(reminderBefore)))
                .query((rs, n) -> new Upcoming(rs.getString(1), rs.getTimestamp(2).toInstant())).list();
        for (Upcoming maintenance : upcoming) {
            String dedup = "reminder:" + maintenance.id() + ":" + maintenance.scheduledFor().toEpochMilli();
            boolean known = jdbc.sql("SELECT COUNT(*) FROM announcement WHERE dedup_key = ?").param(dedup)
                    .query(Long.class).single() > 0;
            Timestamp windowOpens = Timestamp.from(maintenance.scheduledFor().minus(reminderBefore));
            // Subscribers heard of it before the reminder window opened (a maintenance never announced, one the
            // history held before the announcer's first start, is not reminded of either)...
            boolean heardOfBefore = jdbc.sql("""
                            SELECT COUNT(*) FROM announcement
                            WHERE kind = 'maintenance' AND subject_id = ? AND created_at < ?""")
                    .params(maintenance.id(), windowOpens).query(Long.class).single() > 0;
            // ...and not within it (that announcement said when it starts)...
            boolean justAnnounced = jdbc.sql("""
                            SELECT COUNT(*) FROM announcement
                            WHERE kind = 'maintenance' AND subject_id = ? AND created_at >= ?""")
                    .params(maintenance.id(), windowOpens).query(Long.class).single() > 0;
            // ...nor is news of it (scheduled, rescheduled) on its way: the read models have it before the
            // announcer's candidates do.
            boolean newsPending = jdbc.sql("SELECT COUNT(*) FROM announcement_pending WHERE subject_id = ?")
                    .param(maintenance.id()).query(Long.class).single() > 0;
            if (known || !heardOfBefore || justAnnounced || newsPending) {
                continue;
            }
            documents.maintenanceAnnouncement(maintenance.id(), AnnouncementLinks.BASE).ifPresent(body ->
                    insert(null, "maintenance_reminder", maintenance.id(), "maintenance_reminder", dedup, body, now,
                            components(body)));
        }
    }

    private Map<String, Object> page(StatusBoard.Status status) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("status_indicator", status.indicator());
        page.put("status_description", status.description());
        return page;
    }

    private List<String> components(String body) {
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode component : json.readTree(body).path("incident").path("components")) {
            ids.add(component.get("id").asString());
        }
        return ids;
    }

    /** One announcement and the components it is about; nothing if its cause was announced already. */
    private void insert(Long position, String kind, String subjectId, String change, String dedup, String body,
                        Instant now, List<String> components) {
        int inserted = jdbc.sql("""
                        INSERT INTO announcement (position, kind, subject_id, change_type, dedup_key, body, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(position, kind, subjectId, change, dedup, body, Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return;
        }
        long id = jdbc.sql("SELECT announcement_id FROM announcement WHERE dedup_key = ?").param(dedup)
                .query(Long.class).single();
        for (String component : components) {
            jdbc.sql("INSERT INTO announcement_component (announcement_id, component_id) VALUES (?, ?) "
                    + "ON CONFLICT DO NOTHING").params(id, component).update();
        }
    }
}
