package io.incidentledger.query.status;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's indicator and description (SPEC §6 roll-up) from every active component. The roll-up is about the
 * whole page, so this test first retires whatever other tests registered, which leaves its own two components
 * alone on the page; retired components no longer count.
 */
class StatusRollupApiTest extends QueryApiTest {

    @Test
    void theIndicatorAndDescriptionRollUpEveryActiveComponent() {
        getJson("/api/status").path("components").forEach(c -> retireComponent(c.path("id").asString()));
        String a = registerComponent("rollup-a");
        String b = registerComponent("rollup-b");
        awaitProjections();
        assertThat(texts(getJson("/api/status").path("components"), "id")).containsExactlyInAnyOrder(a, b);
        assertRollup("none", "All Systems Operational");

        Instant at = now.minus(Duration.ofHours(10));
        String incident = openIncident(at);
        step(incident, at = at.plus(Duration.ofHours(1)), a, UNDER_MAINTENANCE, b, OPERATIONAL);
        assertRollup("none", "Service Under Maintenance");
        step(incident, at = at.plus(Duration.ofHours(1)), a, DEGRADED, b, OPERATIONAL);
        assertRollup("minor", "Partially Degraded Service");
        step(incident, at = at.plus(Duration.ofHours(1)), a, DEGRADED, b, DEGRADED);
        assertRollup("minor", "Degraded System Service");
        step(incident, at = at.plus(Duration.ofHours(1)), a, PARTIAL, b, OPERATIONAL);
        assertRollup("minor", "Minor Service Outage");
        step(incident, at = at.plus(Duration.ofHours(1)), a, PARTIAL, b, PARTIAL);
        assertRollup("major", "Partial System Outage");
        step(incident, at = at.plus(Duration.ofHours(1)), a, MAJOR, b, OPERATIONAL);
        assertRollup("major", "Partial System Outage");
        step(incident, at = at.plus(Duration.ofHours(1)), a, MAJOR, b, DEGRADED);
        assertRollup("major", "Partial System Outage");
        step(incident, at = at.plus(Duration.ofHours(1)), a, MAJOR, b, MAJOR);
        assertRollup("critical", "Major System Outage");

        resolveIncident(incident, at.plus(Duration.ofHours(1)));
        awaitProjections();
        assertRollup("none", "All Systems Operational");
    }

    private void step(String incident, Instant at, String a, ComponentStatus statusA, String b, ComponentStatus statusB) {
        postUpdate(incident, IncidentStatus.IDENTIFIED, at, declare(a, statusA), declare(b, statusB));
        awaitProjections();
    }

    private void assertRollup(String indicator, String description) {
        JsonNode status = getJson("/api/status");
        assertThat(status.path("indicator").asString()).as("indicator of %s", status).isEqualTo(indicator);
        assertThat(status.path("description").asString()).as("description of %s", status).isEqualTo(description);
    }
}
