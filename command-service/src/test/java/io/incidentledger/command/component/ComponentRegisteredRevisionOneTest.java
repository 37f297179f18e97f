package io.incidentledger.command.component;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A component registered before the display flags existed: its ComponentRegistered is stored as revision 1, and
 * the command side still loads it (through the upcaster in ledger-store) and goes on from there.
 */
class ComponentRegisteredRevisionOneTest extends HttpApiTest {

    @Test
    void aComponentStoredAsRevisionOneLoadsAndTakesCommands() {
        String id = uniqueId("legacy");
        storeAsRevisionOne(id);

        // Loading the aggregate replays the revision 1 event: the update appends only what changed.
        Response updated = patch("/api/components/" + id, Map.of("position", 7));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(1);
        JsonNode change = storedPayload(id, 1);
        assertThat(change.path("name").asString()).isEqualTo("Legacy stack");
        assertThat(change.path("group").asString()).isEqualTo("Production");
        assertThat(change.path("description").asString()).isEqualTo("Registered before the display flags");
        assertThat(change.path("position").asInt()).isEqualTo(7);

        Response opened = post("/api/incidents", Map.of("title", "Errors", "impact", "major",
                "message", "Investigating.", "components", Map.of(id, "major_outage")));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(delete("/api/components/" + id).status()).isEqualTo(204);
        assertThat(post("/api/components", Map.of("id", id, "name", "Again")).status()).isEqualTo(409);
    }

    /**
     * Writes the event as a revision 1 command service did: the row in the event store, and in the same
     * transaction the catalog's row (its subscribing projection).
     */
    private void storeAsRevisionOne(String id) {
        String payload = "{\"componentId\":\"" + id + "\",\"name\":\"Legacy stack\",\"group\":\"Production\","
                + "\"description\":\"Registered before the display flags\",\"position\":1}";
        jdbc.sql("""
                        INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier,
                            metaData, payload, payloadRevision, payloadType, timeStamp)
                        VALUES (?, 0, 'Component', ?, ?, ?, '1', 'io.incidentledger.events.component.ComponentRegistered',
                            '2012-06-30T03:04:00Z')""")
                .params(id, UUID.randomUUID().toString(), "{\"actor\":\"anonymous\"}".getBytes(StandardCharsets.UTF_8),
                        payload.getBytes(StandardCharsets.UTF_8))
                .update();
        jdbc.sql("INSERT INTO component_catalog (component_id, retired) VALUES (?, FALSE)").param(id).update();
    }
}
