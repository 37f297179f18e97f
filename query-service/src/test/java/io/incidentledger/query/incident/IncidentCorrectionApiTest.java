package io.incidentledger.query.incident;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 rule 6: a correction overrides the incident's declarations for one component over [from, to); every
 * answer is "as now known", and the correction itself is shown, never hidden in the numbers.
 */
class IncidentCorrectionApiTest extends QueryApiTest {

    private static final long MAJOR_3H50 = 3 * 3600 + 50 * 60;
    private static final long PARTIAL_51M = 51 * 60;
    private static final long DEGRADED_9H30 = 9 * 3600 + 30 * 60;

    /** The Heroku Bamboo incident, two days ago; the 51 minutes of "intermittent failures" later found to be total. */
    @Test
    void aCorrectionIsShownOpenlyAndEveryFigureReflectsIt() {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(2);
        Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
        String group = uniqueId("stacks");
        String bamboo = uniqueId("bamboo");
        append("Component", bamboo, new ComponentRegistered(bamboo, "Bamboo stack", group, null, 1),
                "commander@example.com", dayStart.minus(Duration.ofDays(1)));
        Instant start = dayStart.plus(Duration.ofMinutes(3 * 60 + 4));
        String id = openIncident(start, declare(bamboo, MAJOR));
        Instant intermittent = start.plusSeconds(MAJOR_3H50);
        postUpdate(id, IncidentStatus.IDENTIFIED, intermittent, declare(bamboo, PARTIAL));
        Instant degraded = intermittent.plusSeconds(PARTIAL_51M);
        postUpdate(id, IncidentStatus.MONITORING, degraded, declare(bamboo, DEGRADED));
        Instant resolved = degraded.plusSeconds(DEGRADED_9H30);
        resolveIncident(id, resolved);
        awaitProjections();

        String dayWindow = "/api/downtime?group=" + group + "&from=" + dayStart + "&to=" + dayStart.plus(Duration.ofDays(1));
        assertThat(seconds(getJson("/api/incidents/" + id + "/downtime").path("components").get(0)))
                .isEqualTo(seconds(MAJOR_3H50, PARTIAL_51M, DEGRADED_9H30, 0));
        assertThat(getJson(dayWindow).path("components").get(0).path("uptimePercent").asDouble())
                .isEqualTo(percent(1 - (MAJOR_3H50 + 0.3 * PARTIAL_51M) / 86_400));

        String correctionId = uniqueId("cor");
        Instant correctedAt = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        append("Incident", id, new IncidentImpactCorrected(id, correctionId, bamboo, MAJOR, intermittent, degraded,
                "Load balancer logs show every request failed."), "auditor@example.com", correctedAt);
        awaitProjections();

        // Shown openly, with who, when and why.
        JsonNode detail = getJson("/api/incidents/" + id);
        assertThat(detail.path("corrections")).hasSize(1);
        JsonNode correction = detail.path("corrections").get(0);
        assertThat(correction.path("id").asString()).isEqualTo(correctionId);
        assertThat(correction.path("componentId").asString()).isEqualTo(bamboo);
        assertThat(correction.path("name").asString()).isEqualTo("Bamboo stack");
        assertThat(correction.path("status").asString()).isEqualTo("major_outage");
        assertThat(Instant.parse(correction.path("from").asString())).isEqualTo(intermittent);
        assertThat(Instant.parse(correction.path("to").asString())).isEqualTo(degraded);
        assertThat(correction.path("reason").asString()).isEqualTo("Load balancer logs show every request failed.");
        assertThat(correction.path("author").asString()).isEqualTo("auditor@example.com");
        assertThat(Instant.parse(correction.path("recordedAt").asString())).isEqualTo(correctedAt);
        // The updates stay as they were published.
        assertThat(detail.path("updates")).hasSize(4);
        assertThat(detail.path("updatedAt").asString()).isEqualTo(correctedAt.toString());

        // The incident's own downtime and impact, as now known.
        long major = MAJOR_3H50 + PARTIAL_51M;
        assertThat(seconds(getJson("/api/incidents/" + id + "/downtime").path("components").get(0)))
                .isEqualTo(seconds(major, 0, DEGRADED_9H30, 0));
        JsonNode impact = getJson("/api/incidents/" + id + "/impact").path("components").get(0);
        assertThat(impact.path("summary").asString())
                .isEqualTo("Bamboo stack: major outage 4h 41m, then degraded performance 9h 30m");
        assertThat(impact.path("impactedSeconds").asLong()).isEqualTo(major + DEGRADED_9H30);

        // Downtime and uptime over a window, and the daily buckets behind the status page's bars.
        JsonNode window = getJson(dayWindow);
        assertThat(seconds(window.path("components").get(0))).isEqualTo(seconds(major, 0, DEGRADED_9H30, 0));
        assertThat(window.path("components").get(0).path("uptimePercent").asDouble())
                .isEqualTo(percent(1 - (double) major / 86_400));
        assertThat(window.path("groups").get(0).path("uptimePercent").asDouble())
                .isEqualTo(percent(1 - (double) major / 86_400));
        JsonNode bucket = find(getJson("/api/components/" + bamboo + "/uptime?days=3").path("buckets"), "date",
                day.toString());
        assertThat(seconds(bucket)).isEqualTo(seconds(major, 0, DEGRADED_9H30, 0));

        // The history, for auditors, has the correction as the event it was.
        JsonNode history = getJson("/api/incidents/" + id + "/history");
        assertThat(texts(history, "type")).containsExactly("IncidentOpened", "IncidentUpdatePosted",
                "IncidentUpdatePosted", "IncidentResolved", "IncidentImpactCorrected");
        assertThat(history.get(4).path("payload").path("reason").asString()).startsWith("Load balancer logs");
    }

    @Test
    void aLaterCorrectionOverridesAnEarlierOneAndBothAreListedInTheOrderMade() {
        String web = registerComponent("web");
        String db = registerComponent("db");
        Instant start = now.minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.MINUTES);
        String id = openIncident(start, declare(web, PARTIAL));
        resolveIncident(id, start.plus(Duration.ofHours(2)));
        String first = correct(id, web, OPERATIONAL, start, start.plus(Duration.ofHours(1)), "Only a test probe failed.");
        // A component the incident never declared: the correction names it, so the incident touched it.
        String second = correct(id, db, MAJOR, start.plus(Duration.ofMinutes(30)), start.plus(Duration.ofMinutes(90)),
                "The database was down too.");
        String third = correct(id, web, MAJOR, start.plus(Duration.ofMinutes(45)), start.plus(Duration.ofMinutes(60)),
                "Fifteen minutes of it were total after all.");
        awaitProjections();

        JsonNode detail = getJson("/api/incidents/" + id);
        assertThat(texts(detail.path("corrections"), "id")).containsExactly(first, second, third);
        assertThat(texts(detail.path("components"), "componentId")).containsExactly(web, db);

        JsonNode downtime = getJson("/api/incidents/" + id + "/downtime").path("components");
        assertThat(seconds(find(downtime, "componentId", web))).isEqualTo(seconds(15 * 60, 60 * 60, 0, 0));
        assertThat(seconds(find(downtime, "componentId", db))).isEqualTo(seconds(60 * 60, 0, 0, 0));

        JsonNode impact = getJson("/api/incidents/" + id + "/impact");
        // 00:30-02:00 with something down: web from 00:45, db from 00:30 to 01:30.
        assertThat(impact.path("customerImpactSeconds").asLong()).isEqualTo(90 * 60);
        assertThat(find(impact.path("components"), "componentId", web).path("summary").asString())
                .isEqualTo("Name of " + web + ": major outage 15m, then partial outage 1h");
    }

    @Test
    void anIncidentWithoutCorrectionsListsNone() {
        String web = registerComponent("web");
        String id = openIncident(now.minus(Duration.ofMinutes(5)), declare(web, DEGRADED));
        awaitProjections();

        JsonNode corrections = getJson("/api/incidents/" + id).path("corrections");
        assertThat(corrections.isArray()).isTrue();
        assertThat(corrections).isEmpty();
    }

    private String correct(String incidentId, String componentId, ComponentStatus status, Instant from, Instant to,
                           String reason) {
        String correctionId = uniqueId("cor");
        append("Incident", incidentId, new IncidentImpactCorrected(incidentId, correctionId, componentId, status, from, to,
                reason));
        return correctionId;
    }

    private static double percent(double uptime) {
        return Math.round(uptime * 1_000_000d) / 10_000d;
    }
}
