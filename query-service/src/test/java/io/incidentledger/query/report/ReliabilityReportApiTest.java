package io.incidentledger.query.report;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/reports/reliability: per incident that started in the window, how long it took to notice, to resolve,
 * and how long customers were hit; and the window's means and medians. March 1991 is this test's alone.
 */
class ReliabilityReportApiTest extends QueryApiTest {

    private static final Instant MARCH = Instant.parse("1991-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("1991-04-01T00:00:00Z");

    @Test
    void eachIncidentsResponseTimesAndTheWindowsMeansAndMedians() {
        String web = registerComponent("web");
        String db = registerComponent("db");
        // Noticed 5 minutes late; resolved after an hour; web down at first, db partly down later.
        Instant a = Instant.parse("1991-03-01T10:00:00Z");
        String first = open(Impact.MAJOR, a, a.plus(Duration.ofMinutes(5)), declare(web, MAJOR));
        postUpdate(first, IncidentStatus.IDENTIFIED, a.plus(Duration.ofMinutes(15)), declare(db, PARTIAL));
        postUpdate(first, IncidentStatus.IDENTIFIED, a.plus(Duration.ofMinutes(30)), declare(web, OPERATIONAL));
        resolveIncident(first, a.plus(Duration.ofHours(1)));
        // As now known: web was fine for its first ten minutes.
        append("Incident", first, new IncidentImpactCorrected(first, uniqueId("cor"), web, OPERATIONAL, a,
                a.plus(Duration.ofMinutes(10)), "A probe, not customers."));
        // Recorded a minute before its effective start: detected in no time, not in negative time.
        Instant b = Instant.parse("1991-03-02T10:00:00Z");
        String second = open(Impact.MINOR, b, b.minus(Duration.ofMinutes(1)), declare(web, DEGRADED));
        resolveIncident(second, b.plus(Duration.ofMinutes(1)));
        // Nothing declared, noticed after 20 minutes, resolved after 2.
        Instant c = Instant.parse("1991-03-04T10:00:00Z");
        String third = open(Impact.NONE, c, c.plus(Duration.ofMinutes(20)));
        resolveIncident(third, c.plus(Duration.ofMinutes(2)));
        // Still open.
        Instant d = Instant.parse("1991-03-10T00:00:00Z");
        String fourth = open(Impact.CRITICAL, d, d.plusSeconds(30), declare(db, MAJOR));
        // Started before the window, or exactly at its end: not this window's.
        resolveIncident(open(Impact.MAJOR, MARCH.minusSeconds(1), MARCH, declare(web, MAJOR)), MARCH.plusSeconds(60));
        resolveIncident(open(Impact.MAJOR, APRIL, APRIL, declare(web, MAJOR)), APRIL.plusSeconds(60));
        awaitProjections();

        JsonNode report = getJson("/api/reports/reliability?from=" + MARCH + "&to=" + APRIL);

        assertThat(report.path("from").asString()).isEqualTo(MARCH.toString());
        assertThat(report.path("to").asString()).isEqualTo(APRIL.toString());
        JsonNode incidents = report.path("incidents");
        assertThat(texts(incidents, "id")).containsExactly(first, second, third, fourth);

        JsonNode one = incidents.get(0);
        assertThat(one.path("impact").asString()).isEqualTo("major");
        assertThat(one.path("startedAt").asString()).isEqualTo(a.toString());
        assertThat(one.path("detectedAt").asString()).isEqualTo(a.plus(Duration.ofMinutes(5)).toString());
        assertThat(one.path("resolvedAt").asString()).isEqualTo(a.plus(Duration.ofHours(1)).toString());
        assertThat(one.path("timeToDetectSeconds").asLong()).isEqualTo(300);
        assertThat(one.path("timeToResolveSeconds").asLong()).isEqualTo(3600);
        // 10:10-10:30 web, 10:15-11:00 db: 50 minutes with something down, counted once.
        assertThat(one.path("customerImpactSeconds").asLong()).isEqualTo(50 * 60);

        assertThat(incidents.get(1).path("timeToDetectSeconds").asLong()).isZero();
        assertThat(incidents.get(1).path("customerImpactSeconds").asLong()).isEqualTo(60);
        assertThat(incidents.get(2).path("timeToDetectSeconds").asLong()).isEqualTo(1200);
        assertThat(incidents.get(2).path("customerImpactSeconds").asLong()).isZero();
        JsonNode open = incidents.get(3);
        assertThat(open.path("ongoing").asBoolean()).isTrue();
        assertThat(open.path("resolvedAt").isNull()).isTrue();
        assertThat(open.path("timeToResolveSeconds").isNull()).isTrue();
        assertThat(open.path("customerImpactSeconds").asLong()).isEqualTo(Duration.between(d, now).getSeconds());

        JsonNode summary = report.path("summary");
        assertThat(summary.path("count").asInt()).isEqualTo(4);
        assertThat(summary.path("resolved").asInt()).isEqualTo(3);
        JsonNode byImpact = summary.path("byImpact");
        assertThat(List.of(byImpact.path("none").asInt(), byImpact.path("minor").asInt(), byImpact.path("major").asInt(),
                byImpact.path("critical").asInt())).containsExactly(1, 1, 1, 1);
        // Detection 0, 30, 300, 1200 s; resolution 60, 120, 3600 s; starts 1, 2, 3.5 and 5.5 days apart.
        assertSummary(summary.path("timeToDetect"), 4, 383, 165);
        assertSummary(summary.path("timeToResolve"), 3, 1260, 120);
        assertSummary(summary.path("timeBetweenFailures"), 3, (86_400 + 172_800 + 482_400) / 3, 172_800);
    }

    /** Planned work is listed apart, in none of the incident figures. July 1991 is this test's alone. */
    @Test
    void maintenanceIsListedApartFromIncidents() {
        String db = registerComponent("db");
        Instant july = Instant.parse("1991-07-01T00:00:00Z");
        Instant from = Instant.parse("1991-07-03T02:00:00Z");
        String ran = scheduleMaintenance(from.minus(Duration.ofDays(2)), from, from.plus(Duration.ofHours(1)),
                declare(db, UNDER_MAINTENANCE));
        startMaintenance(ran, from, true);
        completeMaintenance(ran, from.plus(Duration.ofMinutes(75)), false);
        String planned = scheduleMaintenance(from, from.plus(Duration.ofDays(10)), from.plus(Duration.ofDays(10))
                .plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        awaitProjections();

        JsonNode report = getJson("/api/reports/reliability?from=" + july + "&to=" + july.plus(Duration.ofDays(31)));

        assertThat(report.path("incidents").size()).isZero();
        assertThat(report.path("summary").path("count").asInt()).isZero();
        JsonNode maintenances = report.path("maintenances");
        assertThat(texts(maintenances, "id")).containsExactly(ran, planned);
        JsonNode done = maintenances.path(0);
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("startedAt").asString()).isEqualTo(from.toString());
        assertThat(done.path("durationSeconds").asLong()).isEqualTo(75 * 60);
        assertThat(done.path("overrunSeconds").asLong()).isEqualTo(15 * 60);
        assertThat(done.path("components").path(0).asString()).isEqualTo(db);
        assertThat(maintenances.path(1).path("startedAt").isNull()).isTrue();
    }

    @Test
    void aWindowWithoutIncidentsHasNoMeansAndNoMedians() {
        JsonNode summary = getJson("/api/reports/reliability?from=1970-01-01T00:00:00Z&to=1970-01-02T00:00:00Z")
                .path("summary");

        assertThat(summary.path("count").asInt()).isZero();
        assertThat(summary.path("timeToResolve").path("count").asInt()).isZero();
        assertThat(summary.path("timeToResolve").path("meanSeconds").isNull()).isTrue();
        assertThat(summary.path("timeToResolve").path("medianSeconds").isNull()).isTrue();
        assertThat(summary.path("byImpact").path("critical").asInt(-1)).isZero();
    }

    @Test
    void badParametersAre400Problems() {
        getBadQuery("/api/reports/reliability?to=" + APRIL, "from");
        getBadQuery("/api/reports/reliability?from=" + MARCH, "to");
        getBadQuery("/api/reports/reliability?from=" + APRIL + "&to=" + MARCH, "from");
        getBadQuery("/api/reports/reliability?from=march&to=" + APRIL, "from");
    }

    private String open(Impact impact, Instant at, Instant recordedAt, ComponentDeclaration... declarations) {
        String id = uniqueId("inc");
        append("Incident", id, new IncidentOpened(id, "Incident " + id, impact, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), "We are investigating.", at, List.of(declarations)), "commander@example.com",
                recordedAt);
        return id;
    }

    private static void assertSummary(JsonNode summary, int count, long mean, long median) {
        assertThat(summary.path("count").asInt()).as("count of %s", summary).isEqualTo(count);
        assertThat(summary.path("meanSeconds").asLong()).as("mean of %s", summary).isEqualTo(mean);
        assertThat(summary.path("medianSeconds").asLong()).as("median of %s", summary).isEqualTo(median);
    }
}
