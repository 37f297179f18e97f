package io.incidentledger.query.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.changes.ProjectionChanges;
import tools.jackson.databind.JsonNode;

/**
 * While the database cannot be reached, {@code /api/status}, {@code summary.json} and the front page answer the
 * last known status, marked stale. The outage is what the service's poller would report (it is stopped for the
 * length of the test so that it cannot report the database back); the real thing, a stopped PostgreSQL, is
 * {@code OutageOnPostgresIT} in system-tests.
 */
class StaleStatusApiTest extends QueryApiTest {

    @Autowired
    DatabaseWatch database;

    @Autowired
    ProjectionChanges changes;

    @Test
    void theLastKnownStatusIsServedMarkedStaleWhileTheDatabaseIsGoneAndFreshOnceItIsBack() {
        String api = registerComponent("api");
        String incident = openIncident(now.minus(Duration.ofMinutes(30)), declare(api, MAJOR));
        awaitProjections();
        await("the incident on every public read").atMost(PROJECTION_DEADLINE).untilAsserted(() -> {
            assertThat(find(getJson("/api/v2/summary.json").path("components"), "id", api).path("status")
                    .asString()).isEqualTo("major_outage");
            assertThat(find(getJson("/api/status").path("components"), "id", api).path("status").asString())
                    .isEqualTo("major_outage");
            assertThat(get("/", "text/html").body())
                    .contains("data-component-id=\"" + api + "\" data-status=\"major_outage\"");
        });
        assertThat(getJson("/api/status").path("stale").booleanValue()).isFalse();
        assertThat(getJson("/api/status").has("lastGoodDataAt")).isFalse();
        assertThat(getJson("/api/v2/summary.json").has("stale")).isFalse();

        changes.stop();
        try {
            database.unreachable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException("Connection is not available, request timed out")));
            Instant lastGood = database.staleness().orElseThrow().lastGoodDataAt();

            JsonNode status = getJson("/api/status");
            assertThat(status.path("stale").booleanValue()).isTrue();
            assertThat(Instant.parse(status.path("lastGoodDataAt").asString())).isEqualTo(lastGood);
            assertThat(status.path("staleSince").isString()).isTrue();
            assertThat(find(status.path("components"), "id", api).path("status").asString())
                    .isEqualTo("major_outage");
            assertThat(texts(status.path("openIncidents"), "id")).contains(incident);

            JsonNode summary = getJson("/api/v2/summary.json");
            assertThat(Instant.parse(summary.path("stale").path("last_good_data_at").asString())).isEqualTo(lastGood);
            assertThat(summary.path("page").path("id").isString()).isTrue();
            assertThat(find(summary.path("components"), "id", api).path("status").asString())
                    .isEqualTo("major_outage");
            assertThat(getJson("/api/v2/status.json").has("stale")).isTrue();

            Response page = get("/", "text/html");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("data-testid=\"stale-data\"").contains("role=\"alert\"")
                    .contains("the status service cannot reach its database")
                    .contains("data-component-id=\"" + api + "\" data-status=\"major_outage\"");
        } finally {
            database.reachable();
            changes.start();
        }

        assertThat(getJson("/api/status").path("stale").booleanValue()).isFalse();
        assertThat(getJson("/api/v2/summary.json").has("stale")).isFalse();
        assertThat(get("/", "text/html").body()).doesNotContain("data-testid=\"stale-data\"");
    }
}
