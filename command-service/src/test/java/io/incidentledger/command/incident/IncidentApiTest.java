package io.incidentledger.command.incident;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Happy paths of the incident endpoints: status, Location, {@code {id, version}} body, ETag, events. */
class IncidentApiTest extends HttpApiTest {

    private final Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void openAnswers201WithLocationVersionAndETag() {
        String web = registerComponent("web");
        String api = registerComponent("api");
        String id = uniqueId("inc");
        long before = eventCount();

        Response response = post("/api/incidents", Map.of(
                "id", id,
                "title", "Elevated error rates",
                "impact", "major",
                "status", "identified",
                "message", "Routing errors on web dynos.",
                "at", start.toString(),
                "components", Map.of(
                        web, "major_outage",
                        api, Map.of("status", "partial_outage", "affectedFraction", 0.3))));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/incidents/" + id));
        assertThat(response.header("ETag")).hasValue("\"0\"");
        assertVersionBody(response.json(), id, 0);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void openWithoutIdGetsAServerChosenId() {
        Response response = post("/api/incidents", Map.of("title", "Slow builds", "impact", "minor",
                "message", "Builds are slow."));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        String id = response.json().get("id").asString();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(response.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/incidents/" + id));
        assertThat(response.header("ETag")).hasValue("\"0\"");
        assertVersionBody(response.json(), id, 0);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void postUpdateAnswers201WithUpdateIdVersionAndETag() {
        String web = registerComponent("web");
        String id = openIncident("upd", start);

        Response response = post("/api/incidents/" + id + "/updates", Map.of(
                "status", "monitoring",
                "message", "A fix is deployed.",
                "at", start.plus(30, ChronoUnit.MINUTES).toString(),
                "components", Map.of(web, Map.of("status", "degraded_performance"))));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("ETag")).hasValue("\"1\"");
        JsonNode body = response.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "updateId", "version");
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(UUID.fromString(body.get("updateId").asString())).isNotNull();
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void changeImpactAnswers200WithVersionAndETag() {
        String id = openIncident("impact", start);

        Response response = post("/api/incidents/" + id + "/impact", Map.of("impact", "critical"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("ETag")).hasValue("\"1\"");
        assertVersionBody(response.json(), id, 1);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void changingToTheSameImpactRecordsNothing() {
        String id = openIncident("same", start);

        Response response = post("/api/incidents/" + id + "/impact", Map.of("impact", "minor"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("ETag")).hasValue("\"0\"");
        assertVersionBody(response.json(), id, 0);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void resolveAnswers200WithVersionAndETag() {
        String id = openIncident("resolve", start);

        Response response = post("/api/incidents/" + id + "/resolve", Map.of("message", "All clear.",
                "at", start.plus(1, ChronoUnit.HOURS).toString()));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("ETag")).hasValue("\"1\"");
        assertVersionBody(response.json(), id, 1);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void reopenAnswers200WithVersionAndETag() {
        String web = registerComponent("web");
        String id = openIncident("reopen", start);
        resolveIncident(id);

        Response response = post("/api/incidents/" + id + "/reopen", Map.of("message", "Errors are back.",
                "components", Map.of(web, "partial_outage")));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("ETag")).hasValue("\"2\"");
        assertVersionBody(response.json(), id, 2);
        assertThat(eventCount(id)).isEqualTo(3);
    }

    @Test
    void postmortemAnswers200OnAResolvedIncident() {
        String id = openIncident("pm", start);
        resolveIncident(id);

        Response response = post("/api/incidents/" + id + "/postmortem",
                Map.of("body", "## What happened\n\nA *routing* change went wrong."));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("ETag")).hasValue("\"2\"");
        assertVersionBody(response.json(), id, 2);
        assertThat(eventCount(id)).isEqualTo(3);
    }

    @Test
    void aWholeLifecycleCountsVersionsUp() {
        String web = registerComponent("web");
        String id = openIncident("life", start);
        String updates = "/api/incidents/" + id + "/updates";

        assertThat(post(updates, Map.of("status", "identified", "message", "Found it.",
                "components", Map.of(web, "major_outage"))).json().get("version").asLong()).isEqualTo(1);
        assertThat(post("/api/incidents/" + id + "/impact", Map.of("impact", "major")).json()
                .get("version").asLong()).isEqualTo(2);
        assertThat(post("/api/incidents/" + id + "/resolve", Map.of("message", "Fixed.")).json()
                .get("version").asLong()).isEqualTo(3);
        assertThat(post("/api/incidents/" + id + "/reopen", Map.of("message", "Not fixed.")).json()
                .get("version").asLong()).isEqualTo(4);
        assertThat(post("/api/incidents/" + id + "/resolve", Map.of("message", "Fixed now.")).json()
                .get("version").asLong()).isEqualTo(5);
        Response postmortem = post("/api/incidents/" + id + "/postmortem", Map.of("body", "Lessons."));
        assertThat(postmortem.header("ETag")).hasValue("\"6\"");
        assertThat(eventCount(id)).isEqualTo(7);
    }

    @Test
    void correctionAnswers201WithCorrectionIdVersionAndETag() {
        String web = registerComponent("web");
        String id = openIncident("correct", start);
        long before = eventCount();

        Response response = post("/api/incidents/" + id + "/corrections", Map.of(
                "componentId", web,
                "status", "partial_outage",
                "from", start.plus(10, ChronoUnit.MINUTES).toString(),
                "to", start.plus(70, ChronoUnit.MINUTES).toString(),
                "reason", "Only the EU region was down."));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.mediaType()).isEqualTo(JSON_TYPE);
        assertThat(response.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/incidents/" + id));
        assertThat(response.header("ETag")).hasValue("\"1\"");
        String correctionId = response.json().get("id").asString();
        assertThat(UUID.fromString(correctionId)).isNotNull();
        assertVersionBody(response.json(), correctionId, 1);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void aResolvedIncidentTakesCorrectionsUpToItsResolution() {
        String web = registerComponent("web");
        String id = openIncident("correct-resolved", start);
        Instant resolution = start.plus(1, ChronoUnit.HOURS);
        assertThat(post("/api/incidents/" + id + "/resolve", Map.of("message", "All clear.",
                "at", resolution.toString())).status()).isEqualTo(200);

        Response response = post("/api/incidents/" + id + "/corrections", Map.of("componentId", web,
                "status", "major_outage", "from", start.toString(), "to", resolution.toString(),
                "reason", "The web stack was down all along."));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.header("ETag")).hasValue("\"2\"");
        assertThat(response.json().get("version").asLong()).isEqualTo(2);
        assertThat(eventCount(id)).isEqualTo(3);
    }

    /** springdoc describes every endpoint: a client generator finds the corrections endpoint and its body. */
    @Test
    void theOpenApiDocumentDescribesTheCorrectionsEndpoint() {
        Response response = send("GET", "/v3/api-docs", null, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode docs = response.json();
        JsonNode post = docs.path("paths").path("/api/incidents/{id}/corrections").path("post");
        assertThat(post.isMissingNode()).as("POST /api/incidents/{id}/corrections in %s", docs.path("paths").propertyNames())
                .isFalse();
        assertThat(post.path("responses").has("201")).as("responses of %s", post).isTrue();
        JsonNode request = docs.path("components").path("schemas").path("CorrectionRequest");
        assertThat(request.path("properties").propertyNames())
                .containsExactlyInAnyOrder("componentId", "status", "from", "to", "reason");
        assertThat(request.path("required").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("componentId", "status", "from", "to", "reason");
    }

    private static void assertVersionBody(JsonNode body, String id, long version) {
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "version");
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("version").isIntegralNumber()).as("version is a number: %s", body).isTrue();
        assertThat(body.get("version").asLong()).isEqualTo(version);
    }
}
