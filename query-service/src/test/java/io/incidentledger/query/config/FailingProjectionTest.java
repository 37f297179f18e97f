package io.incidentledger.query.config;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2: a failing event handler must never make a projection skip an event. The incidents processor's batch
 * rolls back (token and rows) and is retried with back-off until the handler succeeds; meanwhile the service
 * reports DOWN, and nothing recorded after the failing event is projected ahead of it.
 */
class FailingProjectionTest extends QueryApiTest {

    @Autowired
    private FlakyIncidentHandler flaky;

    @Test
    void aFailingHandlerIsRetriedUntilItSucceedsAndHealthIsDownMeanwhile() {
        String web = registerComponent("web");
        Instant start = now.minus(Duration.ofHours(1));
        String incident = openIncident(start, declare(web, DEGRADED));
        awaitProjections();
        assertThat(health().path("status").asString()).isEqualTo("UP");

        String failing = uniqueId("upd");
        flaky.failNextDeliveries(failing, 2);
        Instant escalated = start.plus(Duration.ofMinutes(10));
        append("Incident", incident, new IncidentUpdatePosted(incident, failing,
                IncidentStatus.IDENTIFIED, "Escalating.", escalated, List.of(declare(web, MAJOR))));
        String after = postUpdate(incident, IncidentStatus.MONITORING, start.plus(Duration.ofMinutes(20)),
                declare(web, PARTIAL));

        // While the handler fails, the processor is stuck on the event and says so.
        AtomicReference<JsonNode> down = new AtomicReference<>();
        await("health reports the stuck projection").atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    JsonNode health = health();
                    down.set(health);
                    return "DOWN".equals(health.path("status").asString());
                });
        assertThat(down.get().toString()).contains("simulated projection failure on update " + failing);
        assertThat(flaky.handled()).doesNotContain(failing, after);

        // It recovers by itself, without skipping the event and without projecting it twice.
        awaitProjections();
        await("health recovers").atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> "UP".equals(health().path("status").asString()));
        assertThat(flaky.deliveries(failing)).isEqualTo(3);
        assertThat(flaky.handled()).containsSubsequence(failing, after);
        assertThat(flaky.handled()).containsOnlyOnce(failing, after);

        JsonNode detail = getJson("/api/incidents/" + incident);
        assertThat(texts(detail.path("updates"), "id")).containsOnlyOnce(failing).containsOnlyOnce(after);
        assertThat(detail.path("updates")).hasSize(3);
        assertThat(texts(detail.path("updates"), "status")).containsExactly("monitoring", "identified", "investigating");
        // The failing update's declaration was projected: 10 min degraded, 10 min major, then partial up to now.
        JsonNode downtime = getJson("/api/incidents/" + incident + "/downtime").path("components").get(0);
        assertThat(seconds(downtime)).isEqualTo(seconds(600, 2400, 600, 0));
    }

    private JsonNode health() {
        Response response = get("/actuator/health/projections");
        assertThat(response.status()).as(response.toString()).isIn(200, 503);
        return response.json();
    }
}
