package io.incidentledger.query.incident;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/incidents/{id}/downtime: SPEC §3 rules 1 and 3, the incident's own seconds per level. */
class IncidentDowntimeApiTest extends QueryApiTest {

    /**
     * The Heroku status post of 29 June 2012: Bamboo in total outage 3h50m, then intermittent failures 51m, then
     * degraded 9h30m; about 30% of Cedar's apps lost dynos for 2h27m.
     */
    @Test
    void countsTheSecondsAtEachLevelPerComponentOfAResolvedIncident() {
        String bamboo = registerComponent("bamboo");
        String cedar = registerComponent("cedar");
        Instant start = Instant.parse("2012-06-30T03:04:00Z");
        String id = openIncident(start, declare(bamboo, MAJOR), declare(cedar, PARTIAL, 0.3));
        Instant cedarBack = start.plus(Duration.ofMinutes(2 * 60 + 27));
        postUpdate(id, IncidentStatus.IDENTIFIED, cedarBack, declare(cedar, OPERATIONAL));
        Instant intermittent = start.plus(Duration.ofMinutes(3 * 60 + 50));
        postUpdate(id, IncidentStatus.IDENTIFIED, intermittent, declare(bamboo, PARTIAL));
        Instant degraded = intermittent.plus(Duration.ofMinutes(51));
        postUpdate(id, IncidentStatus.MONITORING, degraded, declare(bamboo, DEGRADED));
        Instant resolved = degraded.plus(Duration.ofMinutes(9 * 60 + 30));
        resolveIncident(id, resolved);
        awaitProjections();

        JsonNode downtime = getJson("/api/incidents/" + id + "/downtime");

        assertThat(downtime.path("incidentId").asString()).isEqualTo(id);
        assertThat(downtime.path("startedAt").asString()).isEqualTo(start.toString());
        assertThat(downtime.path("resolvedAt").asString()).isEqualTo(resolved.toString());
        assertThat(downtime.path("ongoing").asBoolean()).isFalse();
        JsonNode components = downtime.path("components");
        assertThat(texts(components, "componentId")).containsExactly(bamboo, cedar);
        assertThat(texts(components, "name")).containsExactly("Name of " + bamboo, "Name of " + cedar);

        JsonNode b = components.get(0);
        assertThat(seconds(b)).isEqualTo(seconds(3 * 3600 + 50 * 60, 51 * 60, 9 * 3600 + 30 * 60, 0));
        assertThat(b.path("impactedSeconds").asLong()).isEqualTo(13_800 + 3_060 + 34_200);
        JsonNode c = components.get(1);
        assertThat(seconds(c)).isEqualTo(seconds(0, 2 * 3600 + 27 * 60, 0, 0));
        assertThat(c.path("impactedSeconds").asLong()).isEqualTo(8_820);
    }

    @Test
    void anOpenIncidentsDowntimeRunsToNowAndIsOngoing() {
        String web = registerComponent("web");
        Instant start = now.minus(Duration.ofHours(1));
        String id = openIncident(start, declare(web, MAJOR));
        awaitProjections();

        JsonNode downtime = getJson("/api/incidents/" + id + "/downtime");
        assertThat(downtime.path("ongoing").asBoolean()).isTrue();
        assertThat(downtime.path("resolvedAt").isNull()).isTrue();
        assertThat(seconds(downtime.path("components").get(0))).isEqualTo(seconds(3600, 0, 0, 0));

        clock.set(now.plus(Duration.ofMinutes(10)));
        JsonNode later = getJson("/api/incidents/" + id + "/downtime");
        assertThat(seconds(later.path("components").get(0))).isEqualTo(seconds(4200, 0, 0, 0));
        assertThat(later.path("components").get(0).path("impactedSeconds").asLong()).isEqualTo(4200);
    }

    @Test
    void anotherIncidentOnTheSameComponentDoesNotChangeThisOnesOwnDowntime() {
        String api = registerComponent("api");
        Instant start = now.minus(Duration.ofHours(5));
        String first = openIncident(start, declare(api, PARTIAL));
        String second = openIncident(start.plus(Duration.ofHours(1)), declare(api, MAJOR));
        resolveIncident(second, start.plus(Duration.ofHours(2)));
        resolveIncident(first, start.plus(Duration.ofHours(3)));
        awaitProjections();

        // Per incident, its own declarations only (rule 3): overlaps are the effective timeline's business.
        assertThat(seconds(getJson("/api/incidents/" + first + "/downtime").path("components").get(0)))
                .isEqualTo(seconds(0, 3 * 3600, 0, 0));
        assertThat(seconds(getJson("/api/incidents/" + second + "/downtime").path("components").get(0)))
                .isEqualTo(seconds(3600, 0, 0, 0));
    }

    @Test
    void aComponentDeclaredOnlyOperationalHasNoDowntime() {
        String web = registerComponent("web");
        String db = registerComponent("db");
        Instant start = now.minus(Duration.ofHours(2));
        String id = openIncident(start, declare(web, UNDER_MAINTENANCE), declare(db, OPERATIONAL));
        resolveIncident(id, start.plus(Duration.ofMinutes(45)));
        awaitProjections();

        JsonNode components = getJson("/api/incidents/" + id + "/downtime").path("components");
        assertThat(seconds(find(components, "componentId", web))).isEqualTo(seconds(0, 0, 0, 45 * 60));
        assertThat(seconds(find(components, "componentId", db))).isEqualTo(seconds(0, 0, 0, 0));
        assertThat(find(components, "componentId", db).path("impactedSeconds").asLong()).isZero();
    }
}
