package io.incidentledger.query.incident;

import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/incidents/{id}: the full record, updates newest first with effective and recorded times. */
class IncidentDetailApiTest extends QueryApiTest {

    @Test
    void showsTheWholeRecordWithUpdatesNewestFirst() {
        String bamboo = registerComponent("bamboo");
        String cedar = registerComponent("cedar");
        String id = uniqueId("inc");
        String opening = uniqueId("upd");
        String escalation = uniqueId("upd");
        String recovery = uniqueId("upd");
        String resolution = uniqueId("upd");
        Instant started = now.minus(Duration.ofHours(6));
        // Commanders open incidents late: each event is recorded some minutes after it happened.
        Instant openedRecorded = started.plus(Duration.ofMinutes(12));
        append("Incident", id, new IncidentOpened(id, "Elevated error rates", Impact.MINOR,
                        IncidentStatus.INVESTIGATING, opening, "We are investigating.", started,
                        List.of(declare(bamboo, DEGRADED))),
                "alice@example.com", openedRecorded);
        Instant escalated = started.plus(Duration.ofHours(1));
        append("Incident", id, new IncidentUpdatePosted(id, escalation, IncidentStatus.IDENTIFIED,
                        "EC2 lost power in us-east-1.", escalated,
                        List.of(declare(bamboo, MAJOR), declare(cedar, PARTIAL, 0.3))),
                "bob@example.com", escalated.plus(Duration.ofMinutes(5)));
        append("Incident", id, new IncidentImpactChanged(id, Impact.CRITICAL, escalated),
                "bob@example.com", escalated.plus(Duration.ofMinutes(6)));
        Instant recovered = started.plus(Duration.ofHours(3));
        append("Incident", id, new IncidentUpdatePosted(id, recovery, IncidentStatus.MONITORING,
                        "Cedar has recovered.", recovered, List.of(declare(cedar, OPERATIONAL))),
                "alice@example.com", recovered.plus(Duration.ofMinutes(1)));
        Instant resolved = started.plus(Duration.ofHours(5));
        append("Incident", id, new IncidentResolved(id, resolution, "All clear.", resolved),
                "carol@example.com", resolved.plus(Duration.ofMinutes(2)));
        Instant postmortemRecorded = resolved.plus(Duration.ofMinutes(30));
        append("Incident", id, new IncidentPostmortemPublished(id, "# What happened\nA storm.", postmortemRecorded),
                "carol@example.com", postmortemRecorded);
        awaitProjections();

        JsonNode incident = getJson("/api/incidents/" + id);

        assertThat(incident.path("id").asString()).isEqualTo(id);
        assertThat(incident.path("title").asString()).isEqualTo("Elevated error rates");
        assertThat(incident.path("impact").asString()).isEqualTo("critical");
        assertThat(incident.path("status").asString()).isEqualTo("resolved");
        assertThat(incident.path("startedAt").asString()).isEqualTo(started.toString());
        assertThat(incident.path("resolvedAt").asString()).isEqualTo(resolved.toString());
        assertThat(incident.path("monitoringAt").asString()).isEqualTo(recovered.toString());
        assertThat(incident.path("durationSeconds").asLong()).isEqualTo(5 * 3600);
        assertThat(incident.path("ongoing").asBoolean()).isFalse();
        assertThat(incident.path("createdAt").asString()).isEqualTo(openedRecorded.toString());
        assertThat(incident.path("postmortem").path("body").asString()).isEqualTo("# What happened\nA storm.");
        assertThat(incident.path("postmortem").path("publishedAt").asString()).isEqualTo(postmortemRecorded.toString());

        // Touched components in order of first mention; a resolved incident declares nothing any more.
        JsonNode components = incident.path("components");
        assertThat(texts(components, "componentId")).containsExactly(bamboo, cedar);
        assertThat(texts(components, "name")).containsExactly("Name of " + bamboo, "Name of " + cedar);
        assertThat(texts(components, "status")).containsExactly("operational", "operational");

        JsonNode updates = incident.path("updates");
        assertThat(texts(updates, "id")).containsExactly(resolution, recovery, escalation, opening);
        assertThat(texts(updates, "status")).containsExactly("resolved", "monitoring", "identified", "investigating");
        assertThat(texts(updates, "message"))
                .containsExactly("All clear.", "Cedar has recovered.", "EC2 lost power in us-east-1.",
                        "We are investigating.");
        assertThat(texts(updates, "at")).containsExactly(resolved.toString(), recovered.toString(),
                escalated.toString(), started.toString());
        assertThat(texts(updates, "recordedAt")).containsExactly(resolved.plus(Duration.ofMinutes(2)).toString(),
                recovered.plus(Duration.ofMinutes(1)).toString(), escalated.plus(Duration.ofMinutes(5)).toString(),
                openedRecorded.toString());
        assertThat(texts(updates, "author"))
                .containsExactly("carol@example.com", "alice@example.com", "bob@example.com", "alice@example.com");

        assertChanges(updates.get(3), change(bamboo, "operational", "degraded_performance", null));
        assertChanges(updates.get(2), change(bamboo, "degraded_performance", "major_outage", null),
                change(cedar, "operational", "partial_outage", 0.3));
        assertChanges(updates.get(1), change(cedar, "partial_outage", "operational", null));
        // The resolution ends what the incident still declared, and only that.
        assertChanges(updates.get(0), change(bamboo, "major_outage", "operational", null));
    }

    @Test
    void anOpenIncidentShowsWhatItDeclaresNowAndRunsToNow() {
        String web = registerComponent("web");
        String api = registerComponent("api");
        Instant started = now.minus(Duration.ofMinutes(90));
        String id = openIncident(started, declare(web, PARTIAL, 0.5), declare(api, DEGRADED));
        awaitProjections();

        JsonNode incident = getJson("/api/incidents/" + id);

        assertThat(incident.path("status").asString()).isEqualTo("investigating");
        assertThat(incident.path("resolvedAt").isNull()).isTrue();
        assertThat(incident.path("ongoing").asBoolean()).isTrue();
        assertThat(incident.path("durationSeconds").asLong()).isEqualTo(90 * 60);
        assertThat(incident.path("postmortem").isNull()).isTrue();
        assertThat(texts(incident.path("components"), "status")).containsExactly("partial_outage",
                "degraded_performance");
        assertThat(incident.path("updates")).hasSize(1);
        assertChanges(incident.path("updates").get(0), change(web, "operational", "partial_outage", 0.5),
                change(api, "operational", "degraded_performance", null));
    }

    @Test
    void aReopenedIncidentIsOpenAgainWithTheReopeningInItsTimeline() {
        String web = registerComponent("web");
        Instant started = now.minus(Duration.ofHours(3));
        String id = openIncident(started, declare(web, MAJOR));
        resolveIncident(id, started.plus(Duration.ofHours(1)));
        String reopening = uniqueId("upd");
        Instant reopened = started.plus(Duration.ofHours(2));
        append("Incident", id, new IncidentReopened(id, reopening, "It is back.", reopened,
                List.of(declare(web, PARTIAL))));
        awaitProjections();

        JsonNode incident = getJson("/api/incidents/" + id);

        assertThat(incident.path("status").asString()).isEqualTo("investigating");
        assertThat(incident.path("resolvedAt").isNull()).isTrue();
        assertThat(incident.path("ongoing").asBoolean()).isTrue();
        assertThat(texts(incident.path("components"), "status")).containsExactly("partial_outage");
        JsonNode latest = incident.path("updates").get(0);
        assertThat(latest.path("id").asString()).isEqualTo(reopening);
        assertThat(latest.path("at").asString()).isEqualTo(reopened.toString());
        assertChanges(latest, change(web, "operational", "partial_outage", null));
    }

    @Test
    void anUnknownIncidentIsA404Problem() {
        getProblem("/api/incidents/" + uniqueId("missing"), 404);
        getProblem("/api/incidents/" + uniqueId("missing") + "/downtime", 404);
    }

    private record Change(String componentId, String oldStatus, String newStatus, Double affectedFraction) {
    }

    private static Change change(String componentId, String oldStatus, String newStatus, Double fraction) {
        return new Change(componentId, oldStatus, newStatus, fraction);
    }

    private static void assertChanges(JsonNode update, Change... expected) {
        List<Change> actual = update.path("componentChanges").valueStream()
                .map(c -> new Change(c.path("componentId").asString(), c.path("oldStatus").asString(),
                        c.path("newStatus").asString(),
                        c.path("affectedFraction").isNull() ? null : c.path("affectedFraction").asDouble()))
                .toList();
        assertThat(actual).as("component changes of %s", update.path("id")).containsExactly(expected);
        update.path("componentChanges").forEach(c -> assertThat(c.path("name").asString())
                .isEqualTo("Name of " + c.path("componentId").asString()));
    }
}
