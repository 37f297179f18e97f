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
 * <p>WORK IN PROGRESS (issue 13): no settle time yet for backdated facts that move a component briefly. The
 * bodies' links are written from {@link AnnouncementLinks#BASE}; delivery puts each subscriber's base in.
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

    private record Candidate(long position, String eventType, String kind, String subjectId, Instant recordedAt) {
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
    private final JsonMapper json = JsonMapper.builder().build();
    private final String holder = "announcer-" + UUID.randomUUID();
    private ScheduledExecutorService poller;
    private volatile boolean running;

    Announcer(JdbcClient jdbc, TransactionTemplate transaction, ReadModelProgress progress,
              StatuspageDocuments documents, StatusBoard board, Clock clock,
              @Value("${incident-ledger.announcements.news-window:PT1H}") Duration newsWindow,
              @Value("${incident-ledger.announcements.poll-interval:200ms}") Duration pollInterval,
              @Value("${incident-ledger.announcements.lease:PT30S}") Duration lease) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.progress = progress;
        this.documents = documents;
        this.board = board;
        this.clock = clock;
        this.newsWindow = newsWindow;
        this.pollInterval = pollInterval;
        this.lease = lease;
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
                        SELECT position, event_type, subject_kind, subject_id, recorded_at FROM announcement_pending
                        WHERE position <= ? ORDER BY position""")
                .param(passed)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
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
        announceComponentChanges();
    }

    private boolean isNews(Candidate candidate) {
        boolean announcedBefore = jdbc.sql("SELECT COUNT(*) FROM announcement WHERE kind = ? AND subject_id = ?")
                .params(candidate.kind(), candidate.subjectId()).query(Long.class).single() > 0;
        if (announcedBefore || !"incident".equals(candidate.kind())) {
            return true;
        }
        // A backdated incident: recorded long after it began. Its history is filed, not announced.
        Instant began = jdbc.sql("SELECT started_at FROM incident_view WHERE incident_id = ?")
                .param(candidate.subjectId()).query(Timestamp.class).optional().map(Timestamp::toInstant)
                .orElse(candidate.recordedAt());
        return !candidate.recordedAt().isAfter(began.plus(newsWindow));
    }

    private Optional<String> body(Candidate candidate) {
        return "incident".equals(candidate.kind())
                ? documents.incidentAnnouncement(candidate.subjectId(), AnnouncementLinks.BASE)
                : documents.maintenanceAnnouncement(candidate.subjectId(), AnnouncementLinks.BASE);
    }

    private void record(Candidate candidate, String change, String body) {
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                        INSERT INTO announcement (position, kind, subject_id, change_type, dedup_key, body, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(candidate.position(), candidate.kind(), candidate.subjectId(), change,
                        "event:" + candidate.position(), body, Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return;
        }
        long id = jdbc.sql("SELECT announcement_id FROM announcement WHERE dedup_key = ?")
                .param("event:" + candidate.position()).query(Long.class).single();
        for (JsonNode component : json.readTree(body).path("incident").path("components")) {
            jdbc.sql("INSERT INTO announcement_component (announcement_id, component_id) VALUES (?, ?) "
                    + "ON CONFLICT DO NOTHING").params(id, component.get("id").asString()).update();
        }
    }

    /**
     * Every component whose status now differs from the one last announced is a component_update; a component
     * seen for the first time is recorded without one (its registration is not an outage).
     */
    private void announceComponentChanges() {
        Map<String, String> announced = new HashMap<>();
        jdbc.sql("SELECT component_id, status FROM announced_component_status")
                .query((rs, n) -> announced.put(rs.getString(1), rs.getString(2))).list();
        StatusBoard.Status status = board.current();
        Instant now = clock.instant();
        for (StatusBoard.ComponentStatusView component : status.components()) {
            String old = announced.get(component.id());
            if (old == null) {
                jdbc.sql("INSERT INTO announced_component_status (component_id, status, announced_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING").params(component.id(), component.status(), Timestamp.from(now))
                        .update();
            } else if (!old.equals(component.status())) {
                jdbc.sql("UPDATE announced_component_status SET status = ?, announced_at = ? "
                                + "WHERE component_id = ? AND status = ?")
                        .params(component.status(), Timestamp.from(now), component.id(), old).update();
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("id", "cu-" + UUID.randomUUID());
                update.put("component_id", component.id());
                update.put("old_status", old);
                update.put("new_status", component.status());
                update.put("created_at", now.toString());
                update.put("component_type", "component");
                Map<String, Object> named = new LinkedHashMap<>();
                named.put("id", component.id());
                named.put("name", component.name());
                named.put("status", component.status());
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("status_indicator", status.indicator());
                page.put("status_description", status.description());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("page", page);
                body.put("component_update", update);
                body.put("component", named);
                String dedup = "component:" + component.id() + ":" + now.toEpochMilli() + ":" + component.status();
                int inserted = jdbc.sql("""
                                INSERT INTO announcement (position, kind, subject_id, change_type, dedup_key, body,
                                    created_at)
                                VALUES (NULL, 'component_update', ?, 'component_status_changed', ?, ?, ?)
                                ON CONFLICT DO NOTHING""")
                        .params(component.id(), dedup, json.writeValueAsString(body), Timestamp.from(now)).update();
                if (inserted == 1) {
                    long id = jdbc.sql("SELECT announcement_id FROM announcement WHERE dedup_key = ?").param(dedup)
                            .query(Long.class).single();
                    jdbc.sql("INSERT INTO announcement_component (announcement_id, component_id) VALUES (?, ?)")
                            .params(id, component.id()).update();
                }
            }
        }
    }
}
