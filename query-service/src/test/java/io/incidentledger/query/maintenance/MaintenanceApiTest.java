package io.incidentledger.query.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.query.AggregateVersion;
import io.incidentledger.query.QueryApiTest;

/**
 * The maintenance read model, fed with maintenance events as command-service appends them: the record of one
 * window, the lists by state, and its part in every component's effective status and downtime (SPEC §7).
 */
class MaintenanceApiTest extends QueryApiTest {

    private String componentStatus(String componentId) {
        return find(getJson("/api/status").path("components"), "id", componentId).path("status").asString();
    }

    @Test
    void aScheduledMaintenanceIsUpcomingAndDeclaresNothingYet() {
        String db = registerComponent("db");
        Instant from = now.plus(Duration.ofHours(2));
        String id = scheduleMaintenance(now, from, from.plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        awaitProjections();

        Response response = get("/api/maintenances/" + id);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header(AggregateVersion.HEADER)).contains("0");
        JsonNode maintenance = response.json();
        assertThat(maintenance.path("status").asString()).isEqualTo("scheduled");
        assertThat(maintenance.path("version").asLong()).isZero();
        assertThat(maintenance.path("scheduledFor").asString()).isEqualTo(from.toString());
        assertThat(maintenance.path("scheduledUntil").asString()).isEqualTo(from.plus(Duration.ofHours(1)).toString());
        assertThat(maintenance.path("startedAt").isNull()).isTrue();
        assertThat(maintenance.path("components").path(0).path("componentId").asString()).isEqualTo(db);
        assertThat(maintenance.path("components").path(0).path("name").asString()).isEqualTo("Name of " + db);
        assertThat(maintenance.path("components").path(0).path("status").asString()).isEqualTo("under_maintenance");
        JsonNode announcement = maintenance.path("updates").path(0);
        assertThat(announcement.path("kind").asString()).isEqualTo("scheduled");
        assertThat(announcement.path("author").asString()).isEqualTo("commander@example.com");
        assertThat(announcement.path("at").asString()).isEqualTo(now.toString());
        assertThat(announcement.has("recordedAt")).isTrue();

        assertThat(texts(getJson("/api/maintenances?state=upcoming&size=100").path("items"), "id")).contains(id);
        assertThat(texts(getJson("/api/maintenances?state=active&size=100").path("items"), "id")).doesNotContain(id);
        assertThat(componentStatus(db)).as("a plan is not downtime").isEqualTo("operational");
    }

    @Test
    void whileItRunsItsComponentsAreUnderMaintenanceAndAnIncidentsOutageWins() {
        String db = registerComponent("db");
        Instant start = now.minus(Duration.ofHours(2));
        String id = scheduleMaintenance(start.minus(Duration.ofDays(1)), start, now.plus(Duration.ofHours(1)),
                declare(db, UNDER_MAINTENANCE));
        String started = startMaintenance(id, start, true);
        awaitProjections();

        assertThat(componentStatus(db)).isEqualTo("under_maintenance");
        JsonNode running = getJson("/api/maintenances/" + id);
        assertThat(running.path("status").asString()).isEqualTo("in_progress");
        assertThat(running.path("startedAt").asString()).isEqualTo(start.toString());
        assertThat(running.path("startedAutomatically").asBoolean()).isTrue();
        assertThat(running.path("ongoing").asBoolean()).isTrue();
        JsonNode start0 = find(running.path("updates"), "id", started);
        assertThat(start0.path("automatic").asBoolean()).isTrue();
        assertThat(start0.path("message").isNull()).as("the deadline said nothing").isTrue();
        assertThat(start0.path("componentChanges").path(0).path("oldStatus").asString()).isEqualTo("operational");
        assertThat(start0.path("componentChanges").path(0).path("newStatus").asString())
                .isEqualTo("under_maintenance");
        assertThat(texts(getJson("/api/maintenances?state=active&size=100").path("items"), "id")).contains(id);

        String incident = openIncident(now.minus(Duration.ofMinutes(30)), declare(db, PARTIAL));
        awaitProjections();
        assertThat(componentStatus(db)).as("an incident's partial outage during maintenance wins").isEqualTo(
                "partial_outage");

        resolveIncident(incident, now.minus(Duration.ofMinutes(10)));
        awaitProjections();
        assertThat(componentStatus(db)).as("the maintenance still runs").isEqualTo("under_maintenance");

        postMaintenanceUpdate(id, MaintenanceStatus.VERIFYING, now.minus(Duration.ofMinutes(5)));
        awaitProjections();
        assertThat(getJson("/api/maintenances/" + id).path("status").asString()).isEqualTo("verifying");
        assertThat(componentStatus(db)).as("verifying is still active").isEqualTo("under_maintenance");

        completeMaintenance(id, now, false);
        awaitProjections();
        assertThat(componentStatus(db)).isEqualTo("operational");
        JsonNode done = getJson("/api/maintenances/" + id);
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("completedAt").asString()).isEqualTo(now.toString());
        assertThat(done.path("durationSeconds").asLong()).isEqualTo(Duration.ofHours(2).toSeconds());
        assertThat(done.path("version").asLong()).isEqualTo(3);
        assertThat(texts(done.path("updates"), "kind")).containsExactly("completed", "update", "started", "scheduled");
        assertThat(texts(getJson("/api/maintenances?state=past&size=100").path("items"), "id")).contains(id);
    }

    @Test
    void whenTheMaintenanceCompletesTheComponentFallsBackToWhatAnOpenIncidentStillDeclares() {
        String db = registerComponent("db");
        String incident = openIncident(now.minus(Duration.ofHours(3)), declare(db, DEGRADED));
        String id = scheduleMaintenance(now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofHours(1)), declare(db, MAJOR));
        startMaintenance(id, now.minus(Duration.ofHours(2)), false);
        awaitProjections();
        assertThat(componentStatus(db)).as("the worse status the commander named shows").isEqualTo("major_outage");

        completeMaintenance(id, now.minus(Duration.ofHours(1)), true);
        awaitProjections();
        assertThat(componentStatus(db)).isEqualTo("degraded_performance");
        resolveIncident(incident, now);
        awaitProjections();
        assertThat(componentStatus(db)).isEqualTo("operational");
    }

    /** Maintenance seconds are under_maintenance and up in every profile, even where it showed major outage. */
    @Test
    void maintenanceSecondsCountAsUnderMaintenanceAndAsUpInEveryProfile() {
        String group = uniqueId("grp");
        String db = registerComponent("db", group, 1);
        String api = registerComponent("api", group, 2);
        Instant from = now.minus(Duration.ofHours(5));
        String id = scheduleMaintenance(from.minus(Duration.ofDays(1)), from, from.plus(Duration.ofHours(2)),
                declare(db, UNDER_MAINTENANCE), declare(api, MAJOR));
        startMaintenance(id, from, true);
        completeMaintenance(id, from.plus(Duration.ofHours(2)), true);
        String incident = openIncident(from.plus(Duration.ofHours(1)), declare(db, PARTIAL));
        resolveIncident(incident, from.plus(Duration.ofHours(3)));
        awaitProjections();

        String window = "from=" + from.minus(Duration.ofHours(1)) + "&to=" + now + "&group=" + group;
        for (String profile : List.of("statuspage", "strict", "weighted")) {
            JsonNode downtime = getJson("/api/downtime?" + window + "&profile=" + profile);
            JsonNode apiRow = find(downtime.path("components"), "componentId", api);
            assertThat(seconds(apiRow)).isEqualTo(seconds(0, 0, 0, 7200));
            assertThat(apiRow.path("uptimePercent").asDouble()).as(profile).isEqualTo(100.0);
            JsonNode dbRow = find(downtime.path("components"), "componentId", db);
            // 1h maintenance, then the incident's partial 2h (1h of it inside the window, where it wins).
            assertThat(seconds(dbRow)).isEqualTo(seconds(0, 7200, 0, 3600));
        }
    }

    @Test
    void aRescheduleReplacesThePlanAndACancelledOneIsPastAndDeclaresNothing() {
        String db = registerComponent("db");
        String web = registerComponent("web");
        String id = scheduleMaintenance(now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)),
                declare(db, UNDER_MAINTENANCE));
        Instant later = now.plus(Duration.ofDays(1));
        rescheduleMaintenance(id, "Moved", now.plusSeconds(10), later, later.plus(Duration.ofHours(3)),
                declare(web, UNDER_MAINTENANCE));
        awaitProjections();

        JsonNode moved = getJson("/api/maintenances/" + id);
        assertThat(moved.path("title").asString()).isEqualTo("Moved");
        assertThat(moved.path("scheduledFor").asString()).isEqualTo(later.toString());
        assertThat(texts(moved.path("components"), "componentId")).containsExactly(web);
        JsonNode rescheduled = moved.path("updates").path(0);
        assertThat(rescheduled.path("kind").asString()).isEqualTo("rescheduled");
        assertThat(rescheduled.path("scheduledUntil").asString()).isEqualTo(later.plus(Duration.ofHours(3)).toString());

        cancelMaintenance(id, now.plusSeconds(20));
        awaitProjections();
        JsonNode cancelled = getJson("/api/maintenances/" + id);
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.path("cancelledAt").asString()).isEqualTo(now.plusSeconds(20).toString());
        assertThat(texts(getJson("/api/maintenances?state=past&size=100").path("items"), "id")).contains(id);
        assertThat(texts(getJson("/api/maintenances?state=upcoming&size=100").path("items"), "id"))
                .doesNotContain(id);
    }

    @Test
    void upcomingOnesAreSoonestFirst() {
        String db = registerComponent("db");
        Instant far = now.plus(Duration.ofDays(400));
        String later = scheduleMaintenance(now, far.plus(Duration.ofHours(2)), far.plus(Duration.ofHours(3)),
                declare(db, UNDER_MAINTENANCE));
        String sooner = scheduleMaintenance(now, far, far.plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        awaitProjections();

        List<String> upcoming = texts(getJson("/api/maintenances?state=upcoming&size=100").path("items"), "id");
        assertThat(upcoming).containsSubsequence(sooner, later);
        List<String> all = texts(getJson("/api/maintenances?state=all&size=100").path("items"), "id");
        assertThat(all).containsSubsequence(later, sooner);
    }

    /** As published then: before its start was recorded it was upcoming, and its component operational. */
    @Test
    void asOfAnswersAsPublishedThen() {
        // Recorded in the past, never ahead of the real clock: AsOfApiTest's moments, in the same database, must
        // find everything recorded before them already there when they were captured live.
        Instant base = Instant.now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        clock.set(base);
        String db = uniqueId("db");
        append("Component", db, new io.incidentledger.events.component.ComponentRegistered(db, "Name of " + db, null,
                null, 0), "commander@example.com", base);
        String id = uniqueId("mnt");
        append("Maintenance", id, new io.incidentledger.events.maintenance.MaintenanceScheduled(id, "Upgrade",
                uniqueId("upd"), "Planned.", base, List.of(declare(db, UNDER_MAINTENANCE)), base.plusSeconds(60),
                base.plusSeconds(600), true, true, null), "commander@example.com", base.plusSeconds(1));
        append("Maintenance", id, new io.incidentledger.events.maintenance.MaintenanceStarted(id, uniqueId("upd"),
                null, base.plusSeconds(60), true), "deadline", base.plusSeconds(90));
        clock.set(base.plusSeconds(120));
        awaitProjections();

        Instant before = base.plusSeconds(30);
        assertThat(getJson("/api/maintenances/" + id).path("status").asString()).isEqualTo("in_progress");
        assertThat(getJson("/api/maintenances/" + id + "?asOf=" + before).path("status").asString())
                .isEqualTo("scheduled");
        assertThat(find(getJson("/api/status?asOf=" + before).path("components"), "id", db).path("status")
                .asString()).isEqualTo("operational");
        assertThat(componentStatus(db)).isEqualTo("under_maintenance");
        getProblem("/api/maintenances/" + id + "?asOf=" + base.minusSeconds(30), 404);
    }

    @Test
    void anUnknownMaintenanceIsA404AndAnUnknownStateA400() {
        getProblem("/api/maintenances/" + uniqueId("mnt"), 404);
        getBadQuery("/api/maintenances?state=soon", "state");
        getBadQuery("/api/maintenances?size=0", "size");
    }

    /** The auditor reads its events as recorded; each is linked into the audit chain like every other event. */
    @Test
    void itsHistoryIsItsEventsInOrderAndTheAuditChainCoversThem() {
        String db = registerComponent("db");
        String id = scheduleMaintenance(now, now.plusSeconds(60), now.plusSeconds(120), declare(db, UNDER_MAINTENANCE));
        startMaintenance(id, now.plusSeconds(60), true);
        completeMaintenance(id, now.plusSeconds(120), true);
        awaitProjections();

        JsonNode history = getJson("/api/maintenances/" + id + "/history");
        assertThat(texts(history, "type")).containsExactly("MaintenanceScheduled", "MaintenanceStarted",
                "MaintenanceCompleted");
        assertThat(history.path(1).path("at").asString()).isEqualTo(now.plusSeconds(60).toString());
        assertThat(get("/api/maintenances/" + id + "/history", "application/json", null).status()).isEqualTo(401);
        getProblem("/api/maintenances/" + db + "/history", 404);

        long unchained = jdbc.sql("""
                        SELECT COUNT(*) FROM DomainEventEntry e WHERE e.aggregateIdentifier = ?
                        AND NOT EXISTS (SELECT 1 FROM audit_chain a WHERE a.event_identifier = e.eventIdentifier)""")
                .param(id).query(Long.class).single();
        assertThat(unchained).isZero();
        assertThat(getJson("/api/audit/verify").path("verified").asBoolean()).isTrue();
    }

    @Test
    void anIncidentIsNoMaintenanceAndTheOtherWayRound() {
        String db = registerComponent("db");
        String incident = openIncident(now, declare(db, MAJOR));
        postUpdate(incident, IncidentStatus.IDENTIFIED, now);
        awaitProjections();
        getProblem("/api/maintenances/" + incident, 404);
        getProblem("/api/maintenances/" + incident + "/history", 404);
    }
}
