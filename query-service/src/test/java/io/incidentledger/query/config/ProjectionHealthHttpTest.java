package io.incidentledger.query.config;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.Processors;
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
 * The HTTP answers while a real projection is stuck on an event and the database is fine: {@code /actuator/health}
 * DOWN and readiness OUT_OF_SERVICE (both 503), naming the processor, its position and the error; both back to
 * UP once the event goes through.
 */
class ProjectionHealthHttpTest extends QueryApiTest {

    @Autowired
    private FlakyIncidentHandler flaky;

    @Test
    void aStuckProjectionMakesHealthDownAndTheInstanceNotReady() {
        String web = registerComponent("stuck");
        Instant start = now.minus(Duration.ofHours(1));
        String incident = openIncident(start, declare(web, DEGRADED));
        awaitProjections();
        assertThat(get("/actuator/health/readiness", "application/json", null).status()).isEqualTo(200);
        long committed = jdbc.sql("SELECT MAX(globalIndex) FROM DomainEventEntry").query(Long.class).single();

        String failing = uniqueId("upd");
        // Fails on the first delivery and on the retries 1 s and 2 s later: stuck for about 3 s.
        flaky.failNextDeliveries(failing, 3);
        append("Incident", incident, new IncidentUpdatePosted(incident, failing, IncidentStatus.IDENTIFIED,
                "Escalating.", start.plus(Duration.ofMinutes(5)), List.of(declare(web, MAJOR))));

        AtomicReference<Response> health = new AtomicReference<>();
        AtomicReference<Response> readiness = new AtomicReference<>();
        await("health and readiness report the stuck projection").atMost(PROJECTION_DEADLINE)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    health.set(get("/actuator/health", "application/json", null));
                    readiness.set(get("/actuator/health/readiness", "application/json", null));
                    // The state asserted below, not just its status code: each indicator reads the processors at
                    // its own moment, and a segment between two retries shows no error for an instant, so one
                    // answer can be 503 OUT_OF_SERVICE (readiness saw the error, projections did not) before the
                    // next is 503 DOWN.
                    return health.get().status() == 503 && readiness.get().status() == 503
                            && "DOWN".equals(health.get().json().path("status").asString());
                });
        System.out.println("health while stuck: " + health.get().body());
        System.out.println("readiness while stuck: " + readiness.get().body());

        JsonNode root = health.get().json();
        assertThat(root.path("status").asString()).isEqualTo("DOWN");
        JsonNode projections = root.path("components").path("projections");
        assertThat(projections.path("status").asString()).isEqualTo("DOWN");
        JsonNode segment = projections.path("details").path(Processors.INCIDENTS).path("segments").path("0");
        assertThat(segment.path("error").asString()).contains("simulated projection failure on update " + failing);
        assertThat(segment.path("position").asLong()).isGreaterThanOrEqualTo(committed);
        assertThat(root.path("components").path("db").path("status").asString()).isEqualTo("UP");

        JsonNode ready = readiness.get().json();
        assertThat(ready.path("status").asString()).isEqualTo("OUT_OF_SERVICE");
        JsonNode stuck = ready.path("components").path("projectionsReadiness").path("details").path("failing").get(0);
        assertThat(stuck.path("processor").asString()).isEqualTo(Processors.INCIDENTS);
        assertThat(stuck.path("position").asLong()).isEqualTo(segment.path("position").asLong());
        assertThat(stuck.path("error").asString()).contains("simulated projection failure on update " + failing);
        assertThat(ready.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");

        // Liveness is not about projections: restarting would not fix the event.
        assertThat(get("/actuator/health/liveness", "application/json", null).status()).isEqualTo(200);

        awaitProjections();
        await("ready again").atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> get("/actuator/health/readiness", "application/json", null).status() == 200
                        && "UP".equals(get("/actuator/health/projections").json().path("status").asString()));
        assertThat(flaky.handled()).contains(failing);
    }
}
