package io.incidentledger.query.status;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentUpdated;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/status: SPEC §3 rule 2 (worst of overlapping incidents, fallback), since-when, groups, roll-up. */
class StatusApiTest extends QueryApiTest {

    private JsonNode component(JsonNode status, String id) {
        return find(status.path("components"), "id", id);
    }

    private void assertComponent(String id, String status, Instant since) {
        JsonNode component = component(getJson("/api/status"), id);
        assertThat(component.path("status").asString()).as("status of %s", id).isEqualTo(status);
        if (since == null) {
            assertThat(component.path("since").isNull()).as("since of %s: %s", id, component).isTrue();
        } else {
            assertThat(component.path("since").asString()).as("since of %s", id).isEqualTo(since.toString());
        }
    }

    @Test
    void aComponentShowsTheWorstStatusOfOverlappingIncidentsAndFallsBackWhenOneResolves() {
        String web = registerComponent("web");
        Instant partialSince = now.minus(Duration.ofHours(3));
        Instant majorSince = now.minus(Duration.ofHours(2));
        String partialIncident = openIncident(partialSince, declare(web, PARTIAL, 0.3));
        String majorIncident = openIncident(majorSince, declare(web, MAJOR));
        awaitProjections();

        assertComponent(web, "major_outage", majorSince);
        JsonNode open = getJson("/api/status").path("openIncidents");
        assertThat(texts(open, "id")).contains(partialIncident, majorIncident);

        Instant majorResolved = now.minus(Duration.ofHours(1));
        resolveIncident(majorIncident, majorResolved);
        awaitProjections();

        // The other incident still declares a partial outage: the component falls back to it, not to operational.
        assertComponent(web, "partial_outage", majorResolved);
        open = getJson("/api/status").path("openIncidents");
        assertThat(texts(open, "id")).contains(partialIncident).doesNotContain(majorIncident);

        Instant allResolved = now.minus(Duration.ofMinutes(10));
        resolveIncident(partialIncident, allResolved);
        awaitProjections();

        assertComponent(web, "operational", allResolved);
        assertThat(texts(getJson("/api/status").path("openIncidents"), "id"))
                .doesNotContain(partialIncident, majorIncident);
    }

    @Test
    void aLesserDeclarationOfAnotherIncidentDoesNotHideAWorseOne() {
        String api = registerComponent("api");
        Instant majorSince = now.minus(Duration.ofHours(2));
        openIncident(majorSince, declare(api, MAJOR));
        // A later, milder incident on the same component: the worse claim still holds.
        openIncident(now.minus(Duration.ofHours(1)), declare(api, DEGRADED));
        awaitProjections();

        assertComponent(api, "major_outage", majorSince);
    }

    @Test
    void sinceIsWhenTheCurrentStatusBeganWithinOneIncident() {
        String db = registerComponent("db");
        String incident = openIncident(now.minus(Duration.ofHours(4)), declare(db, DEGRADED));
        Instant escalated = now.minus(Duration.ofHours(3));
        postUpdate(incident, IncidentStatus.IDENTIFIED, escalated, declare(db, MAJOR));
        awaitProjections();
        assertComponent(db, "major_outage", escalated);

        Instant easedOff = now.minus(Duration.ofMinutes(30));
        postUpdate(incident, IncidentStatus.MONITORING, easedOff, declare(db, OPERATIONAL));
        awaitProjections();
        // Declaring operational ends the incident's claim early, even though the incident stays open.
        assertComponent(db, "operational", easedOff);
        assertThat(texts(getJson("/api/status").path("openIncidents"), "id")).contains(incident);
    }

    @Test
    void aComponentNeverInTroubleIsOperationalWithoutASince() {
        String quiet = registerComponent("quiet");
        awaitProjections();

        assertComponent(quiet, "operational", null);
        JsonNode component = component(getJson("/api/status"), quiet);
        assertThat(component.path("name").asString()).isEqualTo("Name of " + quiet);
        assertThat(component.path("description").asString()).isEqualTo("About " + quiet);
    }

    @Test
    void anIncidentOpenedThisVeryInstantAlreadyCounts() {
        String cdn = registerComponent("cdn");
        openIncident(now, declare(cdn, MAJOR));
        awaitProjections();

        // Intervals are half-open and an open incident runs on past now: [now, ...) holds at now.
        assertComponent(cdn, "major_outage", now);
    }

    @Test
    void anIncidentThatHasNotBegunYetDoesNotCount() {
        String dns = registerComponent("dns");
        String incident = openIncident(now.plus(Duration.ofMinutes(2)), declare(dns, MAJOR));
        awaitProjections();

        assertComponent(dns, "operational", null);

        clock.set(now.plus(Duration.ofMinutes(3)));
        assertComponent(dns, "major_outage", now.plus(Duration.ofMinutes(2)));
        assertThat(texts(getJson("/api/status").path("openIncidents"), "id")).contains(incident);
    }

    @Test
    void aGroupShowsItsWorstMemberAndSinceWhenThatHeld() {
        String group = uniqueId("Production");
        String bamboo = registerComponent("bamboo", group, 1);
        String cedar = registerComponent("cedar", group, 2);
        String elsewhere = registerComponent("elsewhere", uniqueId("Development"), 3);
        Instant degradedSince = now.minus(Duration.ofHours(5));
        Instant partialSince = now.minus(Duration.ofHours(2));
        openIncident(degradedSince, declare(bamboo, DEGRADED));
        openIncident(partialSince, declare(cedar, PARTIAL, 0.3));
        awaitProjections();

        JsonNode status = getJson("/api/status");
        JsonNode production = find(status.path("groups"), "name", group);
        assertThat(production.path("status").asString()).isEqualTo("partial_outage");
        assertThat(production.path("since").asString()).isEqualTo(partialSince.toString());
        assertThat(production.path("components").valueStream().map(JsonNode::asString).toList())
                .containsExactly(bamboo, cedar);
        assertThat(component(status, bamboo).path("group").asString()).isEqualTo(group);
        assertThat(component(status, elsewhere).path("status").asString()).isEqualTo("operational");
    }

    @Test
    void componentsShowTheirLatestDetailsInPageOrderAndLeaveThePageWhenRetired() {
        String group = uniqueId("Edge");
        String second = registerComponent("second", group, 2);
        String first = registerComponent("first", group, 1);
        String moved = uniqueId("Moved");
        append("Component", second, new ComponentUpdated(second, "Renamed", moved, "New words", 3));
        awaitProjections();

        JsonNode status = getJson("/api/status");
        List<String> ours = texts(status.path("components"), "id").stream()
                .filter(id -> id.equals(first) || id.equals(second)).toList();
        assertThat(ours).containsExactly(first, second);
        JsonNode renamed = component(status, second);
        assertThat(renamed.path("name").asString()).isEqualTo("Renamed");
        assertThat(renamed.path("group").asString()).isEqualTo(moved);
        assertThat(renamed.path("description").asString()).isEqualTo("New words");
        assertThat(renamed.path("position").asInt()).isEqualTo(3);
        assertThat(find(status.path("groups"), "name", group).path("components").valueStream()
                .map(JsonNode::asString).toList()).containsExactly(first);

        retireComponent(second);
        awaitProjections();
        assertThat(texts(getJson("/api/status").path("components"), "id")).contains(first).doesNotContain(second);
    }
}
