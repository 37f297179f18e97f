package io.incidentledger.query.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.MutableClock;
import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.QueryTestConfiguration;

/**
 * The Statuspage v2 documents, field for field, against golden JSON captured from a live query-service for a
 * fixed scenario: groups and an ungrouped component, a resolved incident with an update that changed no
 * component, an open incident with an affected fraction. A Statuspage client depends on every one of these
 * fields; a change here must be deliberate. To re-capture after a deliberate change, run with
 * {@code -Dstatuspage.golden.update=true} and review the diff.
 */
@Tag("own-context")
@SpringBootTest(classes = {QueryServiceApplication.class, QueryTestConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatuspageContractTest {

    static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    static final Path GOLDEN = Path.of("src/test/resources/statuspage/golden");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
        // Its own database (and so its own context): the documents list everything, and must list only this.
        Path dir = Files.createDirectories(Path.of("target/test-data"));
        registry.add("incident-ledger.data-dir", () -> createTempDir(dir));
        registry.add("incident-ledger.page.url", () -> "https://status.example.com");
        registry.add("incident-ledger.page.name", () -> "Example");
        registry.add("incident-ledger.page.id", () -> "example");
    }

    private static String createTempDir(Path parent) {
        try {
            return Files.createTempDirectory(parent, "statuspage-contract-").toAbsolutePath().toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    EventStore eventStore;

    @Autowired
    MutableClock clock;

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void scenario() {
        clock.set(T0.plus(Duration.ofHours(10)));
        register("api", "API", "Production", 1);
        register("web", "Website", "Production", 2);
        register("db", "Database", null, 3);

        append("Incident", "inc-resolved", 0, new IncidentOpened("inc-resolved", "API errors", Impact.MAJOR,
                IncidentStatus.INVESTIGATING, "upd-1", "We are seeing errors.", T0.plus(Duration.ofHours(1)),
                List.of(ComponentDeclaration.of("api", ComponentStatus.MAJOR_OUTAGE))));
        append("Incident", "inc-resolved", 1, new IncidentUpdatePosted("inc-resolved", "upd-2",
                IncidentStatus.IDENTIFIED, "Found a bad deploy.", T0.plus(Duration.ofHours(2)), List.of()));
        append("Incident", "inc-resolved", 2, new IncidentResolved("inc-resolved", "upd-3", "Rolled back.",
                T0.plus(Duration.ofHours(3))));

        append("Incident", "inc-open", 0, new IncidentOpened("inc-open", "Slow website", Impact.MINOR,
                IncidentStatus.INVESTIGATING, "upd-4", "Pages load slowly for some.", T0.plus(Duration.ofHours(5)),
                List.of(new ComponentDeclaration("web", ComponentStatus.PARTIAL_OUTAGE, 0.5),
                        ComponentDeclaration.of("db", ComponentStatus.DEGRADED_PERFORMANCE))));
        append("Incident", "inc-open", 1, new IncidentUpdatePosted("inc-open", "upd-5", IncidentStatus.MONITORING,
                "A fix is out; watching.", T0.plus(Duration.ofHours(6)),
                List.of(ComponentDeclaration.of("web", ComponentStatus.DEGRADED_PERFORMANCE))));

        await("scenario projected").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> json("/api/v2/incidents.json").path("incidents").size() == 2
                        && json("/api/v2/incidents/unresolved.json").path("incidents").path(0)
                                .path("incident_updates").size() == 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"summary.json", "status.json", "components.json", "incidents.json",
            "incidents/unresolved.json", "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json",
            "scheduled-maintenances/active.json"})
    void documentMatchesItsGoldenJsonFieldForField(String document) throws IOException {
        JsonNode actual = json("/api/v2/" + document);
        Path golden = GOLDEN.resolve(document.replace('/', '-'));
        if (Boolean.getBoolean("statuspage.golden.update")) {
            Files.writeString(golden, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n",
                    StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(golden)).as("golden file " + golden + " (capture with -Dstatuspage.golden.update=true)")
                .isTrue();
        assertThat(actual).isEqualTo(JSON.readTree(Files.readString(golden)));
    }

    @Test
    void theShapesFollowStatuspageWhereItMatters() {
        JsonNode summary = json("/api/v2/summary.json");
        assertThat(summary.path("status").path("indicator").asString()).isEqualTo("minor");
        assertThat(summary.path("page").path("url").asString()).isEqualTo("https://status.example.com");

        JsonNode group = summary.path("components").path(0);
        assertThat(group.path("group").asBoolean()).isTrue();
        assertThat(group.path("components")).extracting(JsonNode::asString).containsExactly("api", "web");
        JsonNode web = find(summary.path("components"), "web");
        assertThat(web.path("group_id").asString()).isEqualTo(group.path("id").asString());
        assertThat(web.path("status").asString()).isEqualTo("degraded_performance");

        JsonNode resolved = find(json("/api/v2/incidents.json").path("incidents"), "inc-resolved");
        JsonNode updates = resolved.path("incident_updates");
        assertThat(updates).extracting(u -> u.path("status").asString())
                .containsExactly("resolved", "identified", "investigating");
        assertThat(updates.path(1).has("affected_components")).isTrue();
        assertThat(updates.path(1).path("affected_components").isNull()).as("an update that changed nothing").isTrue();
        assertThat(updates.path(2).path("display_at").asString()).isEqualTo("2026-01-05T01:00:00Z");
        assertThat(resolved.path("started_at").asString()).isEqualTo("2026-01-05T01:00:00Z");
        assertThat(resolved.path("shortlink").asString()).isEqualTo("https://status.example.com/incidents/inc-resolved");
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode node : array) {
            if (id.equals(node.path("id").asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private void register(String id, String name, String group, int position) {
        append("Component", id, 0, new ComponentRegistered(id, name, group, "About " + name, position));
    }

    private void append(String type, String aggregateId, long sequence, Object payload) {
        Instant at = payload instanceof IncidentOpened o ? o.at() : payload instanceof IncidentUpdatePosted u ? u.at()
                : payload instanceof IncidentResolved r ? r.at() : T0;
        // Recorded five minutes after it happened, so effective and recorded times differ in the documents.
        eventStore.publish(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                Map.of("actor", "commander", "correlationId", UUID.randomUUID().toString()),
                UUID.nameUUIDFromBytes((aggregateId + sequence).getBytes(StandardCharsets.UTF_8)).toString(),
                at.plus(Duration.ofMinutes(5))));
    }

    private JsonNode json(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
