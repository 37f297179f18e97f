package io.incidentledger.query.component;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ComponentRegistered in both stored revisions: revision 1 (before the display flags) replays through the upcaster
 * into every projection with the flags every component had then; revision 2 carries them to the Statuspage
 * documents.
 */
class ComponentRevisionsTest extends QueryApiTest {

    @Test
    void aRegistrationStoredAsRevisionOneReplaysIntoEveryProjectionShownWhateverItsStatus() {
        String id = uniqueId("legacy");
        storeAsRevisionOne(id);
        awaitProjections();

        Map<String, Object> row = jdbc.sql("SELECT name, group_name, showcase, only_show_if_degraded FROM component_view"
                + " WHERE component_id = ?").param(id).query().singleRow();
        assertThat(row).containsEntry("name", "Legacy stack").containsEntry("group_name", "Production")
                .containsEntry("showcase", true).containsEntry("only_show_if_degraded", false);

        JsonNode status = find(getJson("/api/status").path("components"), "id", id);
        assertThat(status.path("name").asString()).isEqualTo("Legacy stack");
        assertThat(status.path("status").asString()).isEqualTo("operational");

        JsonNode listed = statuspageComponent(id);
        assertThat(listed.path("showcase").asBoolean(false)).as("%s", listed).isTrue();
        assertThat(listed.path("only_show_if_degraded").isBoolean()).as("%s", listed).isTrue();
        assertThat(listed.path("only_show_if_degraded").asBoolean()).as("%s", listed).isFalse();
    }

    @Test
    void theStatuspageDocumentsCarryTheRegisteredDisplayFlags() {
        String hidden = uniqueId("hidden");
        append("Component", hidden, new ComponentRegistered(hidden, "Hidden", null, null, 0, false, true));
        awaitProjections();

        JsonNode listed = statuspageComponent(hidden);
        assertThat(listed.path("showcase").isBoolean()).as("%s", listed).isTrue();
        assertThat(listed.path("showcase").asBoolean()).as("%s", listed).isFalse();
        assertThat(listed.path("only_show_if_degraded").asBoolean(false)).as("%s", listed).isTrue();
    }

    /** The component in components.json, waiting for the documents to follow the projection. */
    private JsonNode statuspageComponent(String id) {
        await("components.json lists " + id).atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> contains(getJson("/api/v2/components.json").path("components"), "id", id));
        return find(getJson("/api/v2/components.json").path("components"), "id", id);
    }

    /** Writes the event as a revision 1 command service stored it: JSON without the display flags. */
    private void storeAsRevisionOne(String id) {
        String payload = "{\"componentId\":\"" + id + "\",\"name\":\"Legacy stack\",\"group\":\"Production\","
                + "\"description\":\"Registered before the display flags\",\"position\":1}";
        jdbc.sql("""
                        INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier,
                            metaData, payload, payloadRevision, payloadType, timeStamp)
                        VALUES (?, 0, 'Component', ?, ?, ?, '1', 'io.incidentledger.events.component.ComponentRegistered', ?)""")
                .params(id, UUID.randomUUID().toString(), "{\"actor\":\"anonymous\"}".getBytes(StandardCharsets.UTF_8),
                        payload.getBytes(StandardCharsets.UTF_8), now.toString())
                .update();
    }
}
