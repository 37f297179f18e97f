package io.incidentledger.command.component;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Happy paths of the component endpoints: status, Location, {@code {id, version}} body, ETag, events. */
class ComponentApiTest extends HttpApiTest {

    @Test
    void registerAnswers201WithLocationVersionAndETag() {
        String id = uniqueId("api");
        long before = eventCount();

        Response response = post("/api/components", Map.of("id", id, "name", "Web dynos", "group", "Production",
                "description", "Routing and web processes", "position", 3));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/components/" + id));
        assertThat(response.header("ETag")).hasValue("\"0\"");
        assertVersionBody(response.json(), id, 0);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void registerNeedsOnlyIdAndName() {
        String id = uniqueId("minimal");

        Response response = post("/api/components", Map.of("id", id, "name", "Minimal"));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertVersionBody(response.json(), id, 0);
    }

    @Test
    void updateAnswers200WithTheNewVersionAndETag() {
        String id = registerComponent("upd");

        Response response = patch("/api/components/" + id, Map.of("name", "Renamed", "position", 7));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("ETag")).hasValue("\"1\"");
        assertVersionBody(response.json(), id, 1);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void updateAcceptsMergePatchAndClearsGroupWithEmptyString() {
        String id = registerComponent("merge");
        assertThat(patch("/api/components/" + id, Map.of("group", "Production")).status()).isEqualTo(200);

        Response response = send("PATCH", "/api/components/" + id, "application/merge-patch+json",
                "{\"group\": \"\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertVersionBody(response.json(), id, 2);
        assertThat(eventCount(id)).isEqualTo(3);
    }

    @Test
    void updateThatChangesNothingRecordsNothing() {
        String id = registerComponent("same");
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("name", "Component " + id);

        Response response = patch("/api/components/" + id, same);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("ETag")).hasValue("\"0\"");
        assertVersionBody(response.json(), id, 0);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void retireAnswers204WithETagAndKeepsHistory() {
        String id = registerComponent("retire");

        Response response = delete("/api/components/" + id);

        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("ETag")).hasValue("\"1\"");
        assertThat(eventCount(id)).as("registration kept, retirement appended").isEqualTo(2);
    }

    @Test
    void retiringTwiceIsIdempotentAndRecordsNothingMore() {
        String id = registerComponent("twice");
        retireComponent(id);

        Response response = delete("/api/components/" + id);

        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        assertThat(response.header("ETag")).hasValue("\"1\"");
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void aRegisteredComponentCanBeDeclaredByAnIncidentAtOnce() {
        // The catalog is a subscribing projection: written in the registering transaction, so no waiting.
        String id = registerComponent("fresh");

        Response response = post("/api/incidents", Map.of("title", "Errors", "impact", "major",
                "message", "Investigating.", "components", Map.of(id, "major_outage")));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void registrationRecordsTheDisplayFlagsDefaultingToShownWhateverTheStatus() {
        String flagged = uniqueId("flagged");
        String plain = registerComponent("plain");

        Response response = post("/api/components", Map.of("id", flagged, "name", "Flagged",
                "showcase", false, "onlyShowIfDegraded", true));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode stored = storedPayload(flagged, 0);
        assertThat(stored.path("showcase").asBoolean(true)).isFalse();
        assertThat(stored.path("onlyShowIfDegraded").asBoolean(false)).isTrue();
        JsonNode defaults = storedPayload(plain, 0);
        assertThat(defaults.path("showcase").isBoolean()).as("stored: %s", defaults).isTrue();
        assertThat(defaults.path("showcase").asBoolean()).isTrue();
        assertThat(defaults.path("onlyShowIfDegraded").isBoolean()).as("stored: %s", defaults).isTrue();
        assertThat(defaults.path("onlyShowIfDegraded").asBoolean()).isFalse();
    }

    static void assertVersionBody(JsonNode body, String id, long version) {
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("version").isIntegralNumber()).as("version is a number: %s", body).isTrue();
        assertThat(body.get("version").asLong()).isEqualTo(version);
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "version");
    }

    /**
     * Set validation is only as good as the catalog is current: its processor must be subscribing (rows written in
     * the component event's own transaction), and that is configured in code, not left to application.yml.
     */
    @Test
    void theCatalogIsWrittenInTheCommandsOwnTransaction(
            @org.springframework.beans.factory.annotation.Autowired
            org.axonframework.config.EventProcessingConfiguration processing) {
        assertThat(processing.eventProcessorByProcessingGroup("component-catalog"))
                .get().isInstanceOf(org.axonframework.eventhandling.SubscribingEventProcessor.class);
    }
}
