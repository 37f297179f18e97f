package io.incidentledger.command.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.incidentledger.command.HttpApiTest;

/**
 * A busy incident is loaded from a snapshot and the events after it: its rules and its version must be exactly
 * what the whole history would give. Past the snapshot threshold (50 events), the incident still refuses a stale
 * If-Match, accepts the current one, knows it is resolved, and can be reopened.
 */
class IncidentSnapshotApiTest extends HttpApiTest {

    @Test
    void anIncidentLoadedFromItsSnapshotKeepsItsVersionAndItsRules() {
        String incident = uniqueId("snapshot");
        assertThat(post("/api/incidents", Map.of("id", incident, "title", "Busy", "impact", "minor",
                "message", "Opened.")).status()).isEqualTo(201);
        for (int i = 1; i <= 120; i++) {
            assertThat(update(incident, "Update " + i + ".", null).status()).isEqualTo(201);
        }
        Long snapshotAt = jdbc.sql("SELECT MAX(sequencenumber) FROM snapshotevententry WHERE aggregateidentifier = ?")
                .param(incident).query(Long.class).single();
        assertThat(snapshotAt).as("a snapshot was taken").isNotNull().isGreaterThanOrEqualTo(50L);

        assertThat(update(incident, "Stale.", "\"119\"").status()).as("stale If-Match").isEqualTo(412);
        Response current = update(incident, "Current.", "\"120\"");
        assertThat(current.status()).as(current.toString()).isEqualTo(201);
        assertThat(current.json().path("version").asLong()).isEqualTo(121);

        assertThat(sendWithHeaders("POST", "/api/incidents/" + incident + "/resolve", JSON_TYPE,
                json(Map.of("message", "Fixed.")), Map.of()).status()).isEqualTo(200);
        Response afterResolve = update(incident, "Too late.", null);
        assertThat(afterResolve.status()).as("a resolved incident takes no updates").isEqualTo(409);
        Response reopened = sendWithHeaders("POST", "/api/incidents/" + incident + "/reopen", JSON_TYPE,
                json(Map.of("message", "Back.")), Map.of());
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(reopened.json().path("version").asLong()).isEqualTo(123);
        assertThat(eventCount(incident)).isEqualTo(124);
    }

    private Response update(String incident, String message, String ifMatch) {
        return sendWithHeaders("POST", "/api/incidents/" + incident + "/updates", JSON_TYPE,
                json(Map.of("status", "identified", "message", message)),
                ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }
}
