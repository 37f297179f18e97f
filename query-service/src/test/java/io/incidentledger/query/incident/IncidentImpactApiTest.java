package io.incidentledger.query.incident;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/incidents/{id}/impact: each component's phases, its total, and the sentence the incident page shows. */
class IncidentImpactApiTest extends QueryApiTest {

    @Test
    void theHerokuIncidentsPhasesPerStackWithExactSeconds() {
        String bamboo = uniqueId("bamboo");
        append("Component", bamboo, new ComponentRegistered(bamboo, "Bamboo stack", null, null, 1));
        String cedar = uniqueId("cedar");
        append("Component", cedar, new ComponentRegistered(cedar, "Cedar stack", null, null, 2));
        Instant start = Instant.parse("2012-06-30T03:04:00Z");
        String id = openIncident(start, declare(bamboo, MAJOR), declare(cedar, PARTIAL, 0.3));
        Instant intermittent = start.plus(Duration.ofMinutes(3 * 60 + 50));
        Instant cedarBack = start.plus(Duration.ofMinutes(2 * 60 + 27));
        postUpdate(id, IncidentStatus.IDENTIFIED, cedarBack, declare(cedar, OPERATIONAL));
        postUpdate(id, IncidentStatus.IDENTIFIED, intermittent, declare(bamboo, PARTIAL));
        Instant degraded = intermittent.plus(Duration.ofMinutes(51));
        postUpdate(id, IncidentStatus.MONITORING, degraded, declare(bamboo, DEGRADED));
        Instant resolved = degraded.plus(Duration.ofMinutes(9 * 60 + 30));
        resolveIncident(id, resolved);
        awaitProjections();

        JsonNode impact = getJson("/api/incidents/" + id + "/impact");

        assertThat(impact.path("incidentId").asString()).isEqualTo(id);
        assertThat(impact.path("startedAt").asString()).isEqualTo(start.toString());
        assertThat(impact.path("resolvedAt").asString()).isEqualTo(resolved.toString());
        assertThat(impact.path("ongoing").asBoolean()).isFalse();
        // Bamboo was in trouble from start to resolution, which covers Cedar's 2h27m.
        assertThat(impact.path("customerImpactSeconds").asLong()).isEqualTo(51_060);
        JsonNode components = impact.path("components");
        assertThat(texts(components, "componentId")).containsExactly(bamboo, cedar);

        JsonNode b = components.get(0);
        assertThat(b.path("name").asString()).isEqualTo("Bamboo stack");
        assertThat(phases(b)).containsExactly(
                new Phase("major_outage", start, intermittent, 13_800),
                new Phase("partial_outage", intermittent, degraded, 3_060),
                new Phase("degraded_performance", degraded, resolved, 34_200));
        assertThat(b.path("impactedSeconds").asLong()).isEqualTo(51_060);
        assertThat(b.path("summary").asString()).isEqualTo("Bamboo stack: major outage 3h 50m, then partial outage 51m, "
                + "then degraded performance 9h 30m");

        JsonNode c = components.get(1);
        assertThat(phases(c)).containsExactly(new Phase("partial_outage", start, cedarBack, 8_820));
        assertThat(c.path("impactedSeconds").asLong()).isEqualTo(8_820);
        assertThat(c.path("summary").asString()).isEqualTo("Cedar stack: partial outage 2h 27m");
    }

    @Test
    void anOpenIncidentsLastPhaseRunsToNowAndAQuietGapIsAnOperationalPhase() {
        String api = registerComponent("api");
        Instant start = now.minus(Duration.ofMinutes(90));
        String id = openIncident(start, declare(api, MAJOR));
        postUpdate(id, IncidentStatus.IDENTIFIED, start.plus(Duration.ofMinutes(30)), declare(api, OPERATIONAL));
        postUpdate(id, IncidentStatus.IDENTIFIED, start.plus(Duration.ofMinutes(60)), declare(api, DEGRADED));
        awaitProjections();

        JsonNode impact = getJson("/api/incidents/" + id + "/impact");
        assertThat(impact.path("ongoing").asBoolean()).isTrue();
        assertThat(impact.path("customerImpactSeconds").asLong()).isEqualTo(60 * 60);
        JsonNode component = impact.path("components").get(0);
        assertThat(phases(component)).containsExactly(
                new Phase("major_outage", start, start.plus(Duration.ofMinutes(30)), 1800),
                new Phase("operational", start.plus(Duration.ofMinutes(30)), start.plus(Duration.ofMinutes(60)), 1800),
                new Phase("degraded_performance", start.plus(Duration.ofMinutes(60)), now, 1800));
        // The quiet half hour is a phase of the sentence, but no impact.
        assertThat(component.path("impactedSeconds").asLong()).isEqualTo(3600);
        assertThat(component.path("summary").asString()).isEqualTo("Name of " + api
                + ": major outage 30m, then operational 30m, then degraded performance 30m so far");
    }

    @Test
    void anUnknownIncidentIsA404Problem() {
        getProblem("/api/incidents/" + uniqueId("nope") + "/impact", 404);
    }

    private record Phase(String status, Instant from, Instant to, long seconds) {
    }

    private static List<Phase> phases(JsonNode component) {
        List<Phase> phases = new ArrayList<>();
        component.path("phases").forEach(p -> phases.add(new Phase(p.path("status").asString(),
                Instant.parse(p.path("from").asString()), Instant.parse(p.path("to").asString()),
                p.path("seconds").asLong(-1))));
        return phases;
    }
}
