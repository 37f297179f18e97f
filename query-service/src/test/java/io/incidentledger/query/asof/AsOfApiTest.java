package io.incidentledger.query.asof;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentUpdated;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.changes.ProjectionChanges;

/**
 * SPEC §3 rule 6: with {@code asOf=<recorded instant>} every read answers exactly what it answered at that
 * instant. The test records a scenario, captures every read endpoint's answer at two moments, records more
 * (updates, a resolution, a correction, a new incident, a renamed component) and asks again with {@code asOf}:
 * byte for byte the same bodies.
 *
 * <p>The scenario is recorded a month in the future, with the service's clock moved along, so that nothing
 * another test class records (at the real time) can fall between its moments.
 */
class AsOfApiTest extends QueryApiTest {

    @Autowired
    Snapshots snapshots;

    @Autowired
    ProjectionChanges changes;

    /**
     * Projected and announced: the in-memory documents (summary.json, the front page) are rebuilt from the
     * announcement, which the poller would otherwise make a moment later than the projection commits.
     */
    private void awaitAnnounced() {
        awaitProjections();
        changes.poll();
    }

    @Test
    void everyReadAnswersAsPublishedThenIgnoringWhatWasRecordedLater() {
        Instant base = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES);
        clock.set(base);
        String web = registerComponent("web");
        String queue = registerComponent("queue");
        String incident = uniqueId("inc");
        record(base.plusSeconds(5), "Incident", incident, new io.incidentledger.events.incident.IncidentOpened(
                incident, "Web is down", io.incidentledger.events.Impact.MAJOR, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), "Investigating.", base.minus(Duration.ofMinutes(10)), List.of(declare(web, MAJOR))));
        // Each moment's clock is set before the documents are announced: they are built for "now" then.
        Instant first = clock.set(base.plus(Duration.ofMinutes(1)));
        awaitAnnounced();
        Map<String, String> paths = paths(incident, web, base);
        Map<String, String> atFirst = capture(paths);

        record(first.plusSeconds(30), "Incident", incident, new IncidentUpdatePosted(incident, uniqueId("upd"),
                IncidentStatus.IDENTIFIED, "Found it.", first.plusSeconds(30),
                List.of(declare(web, PARTIAL), declare(queue, DEGRADED))));
        record(first.plusSeconds(90), "Incident", incident, new IncidentResolved(incident, uniqueId("upd"),
                "Fixed.", first.plusSeconds(90)));
        Instant second = clock.set(first.plus(Duration.ofMinutes(3)));
        awaitAnnounced();
        Map<String, String> atSecond = capture(paths);
        assertThat(atSecond).as("the scenario changed the answers").isNotEqualTo(atFirst);

        // Hindsight and news, all recorded after both moments.
        record(second.plusSeconds(10), "Incident", incident, new IncidentImpactCorrected(incident, uniqueId("cor"), web,
                MAJOR, base.minus(Duration.ofMinutes(10)), first.plusSeconds(90), "It was a total outage."));
        String later = uniqueId("inc");
        record(second.plusSeconds(20), "Incident", later, new io.incidentledger.events.incident.IncidentOpened(
                later, "Queue slow", io.incidentledger.events.Impact.MINOR, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), "Looking.", second.plusSeconds(20), List.of(declare(queue, DEGRADED))));
        record(second.plusSeconds(30), "Component", web, new ComponentUpdated(web, "Renamed web", null,
                "About it", 0));
        clock.set(second.plus(Duration.ofMinutes(5)));
        awaitAnnounced();
        assertThat(capture(paths)).as("what is known now differs").isNotEqualTo(atSecond);

        assertSameAnswers(capture(paths, first), atFirst);
        assertSameAnswers(capture(paths, second), atSecond);
        // The incident opened later did not exist then.
        getProblem("/api/incidents/" + later + "?asOf=" + second, 404);
        assertThat(getJson("/api/incidents/" + later).path("id").asString()).isEqualTo(later);
    }

    @Test
    void aFutureInstantOrAnEndpointWithoutAPastIsA400() {
        getBadQuery("/api/status?asOf=" + now.plusSeconds(60), "asOf");
        getBadQuery("/api/status?asOf=yesterday", "asOf");
        getBadQuery("/api/audit/events?asOf=" + now.minusSeconds(60), "asOf");
    }

    @Test
    void aSettledInstantIsBuiltOnceAndKept() {
        Instant settled = now.minus(Duration.ofMinutes(10));
        String status = getJson("/api/status?asOf=" + settled).toString();
        assertThat(snapshots.kept()).isBetween(1, Snapshots.KEPT);
        assertThat(getJson("/api/status?asOf=" + settled).toString()).isEqualTo(status);
        for (int i = 1; i <= Snapshots.KEPT + 1; i++) {
            getJson("/api/status?asOf=" + settled.minusSeconds(i));
        }
        assertThat(snapshots.kept()).isEqualTo(Snapshots.KEPT);
    }

    private static void assertSameAnswers(Map<String, String> asOf, Map<String, String> then) {
        assertThat(asOf.keySet()).isEqualTo(then.keySet());
        then.forEach((path, body) -> assertThat(asOf.get(path)).as("GET %s with asOf", path).isEqualTo(body));
    }

    private Map<String, String> paths(String incident, String component, Instant base) {
        Map<String, String> paths = new LinkedHashMap<>();
        String window = "from=" + base.minus(Duration.ofHours(1)) + "&to=" + base.plus(Duration.ofHours(1));
        paths.put("/api/status", "application/json");
        paths.put("/api/incidents", "application/json");
        paths.put("/api/incidents/" + incident, "application/json");
        paths.put("/api/incidents/" + incident + "/downtime", "application/json");
        paths.put("/api/incidents/" + incident + "/history", "application/json");
        paths.put("/api/incidents/" + incident + "/impact", "application/json");
        paths.put("/api/reports/uptime?level=component&" + window, "application/json");
        paths.put("/api/reports/reliability?" + window, "application/json");
        paths.put("/api/downtime?" + window, "application/json");
        paths.put("/api/components/" + component + "/uptime?days=2", "application/json");
        paths.put("/api/v2/summary.json", "application/json");
        paths.put("/api/v2/incidents.json", "application/json");
        paths.put("/", "text/html");
        paths.put("/incidents/" + incident, "text/html");
        paths.put("/history.atom", "application/atom+xml");
        return paths;
    }

    private Map<String, String> capture(Map<String, String> paths) {
        return capture(paths, null);
    }

    private Map<String, String> capture(Map<String, String> paths, Instant asOf) {
        Map<String, String> bodies = new LinkedHashMap<>();
        paths.forEach((path, accept) -> {
            String asked = asOf == null ? path : path + (path.contains("?") ? "&" : "?") + "asOf=" + asOf;
            Response response = get(asked, accept);
            assertThat(response.status()).as("GET %s: %s", asked, response).isEqualTo(200);
            bodies.put(path, response.body());
        });
        return bodies;
    }

    private void record(Instant recordedAt, String type, String aggregateId, Object payload) {
        append(type, aggregateId, payload, "commander@example.com", recordedAt);
    }
}
