package io.incidentledger.query.admin;

import io.incidentledger.web.security.TestCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.incidentledger.query.MutableClock;
import io.incidentledger.query.Processors;
import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.QueryTestConfiguration;
import io.incidentledger.query.changes.ProjectionsAdvanced;
import io.incidentledger.query.changes.ProjectionChanges;

/**
 * Rebuilding every projection from a long history (more than 10,000 events over 500 incidents) gives read models
 * identical to the ones built live, row for row (the digest), and the public documents kept in memory follow.
 * Its own context and database: a rebuild would disturb other tests.
 */
@Tag("own-context")
@SpringBootTest(classes = {QueryServiceApplication.class, QueryTestConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionRebuildTest {

    static final int COMPONENTS = 40;
    static final int INCIDENTS = 500;
    static final int MAINTENANCES = 60;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final Logger log = LoggerFactory.getLogger(ProjectionRebuildTest.class);

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestCredentials.provision(registry);
        try {
            Path target = Files.createDirectories(Path.of("target", "test-data"));
            Path dir = Files.createTempDirectory(target, "rebuild-").toAbsolutePath();
            registry.add("incident-ledger.data-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("eventStore")
    EventStore eventStore;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    ProjectionChanges changes;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private long events;
    private long incidentEvents;
    private JsonNode builtLive;

    @BeforeAll
    void aLongHistoryProjectedLive() {
        Instant now = clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        // Announcing 10,000 changes one by one rebuilds the in-memory documents 10,000 times, minutes of work
        // that has nothing to do with a rebuild. Like an instance started after the history was written, this
        // one announces only what changes after it (re)starts.
        changes.stop();
        long started = System.nanoTime();
        HistoryGenerator generator = new HistoryGenerator(eventStore, now.minus(Duration.ofDays(30)));
        incidentEvents = generator.generate(COMPONENTS, INCIDENTS);
        events = incidentEvents + generator.maintenances(MAINTENANCES, COMPONENTS);
        assertThat(incidentEvents).isGreaterThanOrEqualTo(10_000);
        long generated = System.nanoTime();
        awaitProjections();
        changes.start();
        log.info("{} events appended in {} ms, projected live {} ms later", events,
                (generated - started) / 1_000_000, (System.nanoTime() - generated) / 1_000_000);
        builtLive = json("GET", "/api/admin/digest");
    }

    @Test
    void theDigestCoversEveryReadModelRow() {
        JsonNode rows = builtLive.path("rows");
        assertThat(rows.path("component_view").asLong()).isEqualTo(COMPONENTS);
        assertThat(rows.path("incident_view").asLong()).isEqualTo(INCIDENTS);
        // Every incident event but the impact changes and post-mortems is an entry in a timeline.
        long resolved = INCIDENTS - INCIDENTS / 10;
        assertThat(rows.path("incident_update_view").asLong())
                .isEqualTo(incidentEvents - COMPONENTS - INCIDENTS - resolved);
        // Every maintenance event is an entry in its timeline.
        assertThat(rows.path("maintenance_view").asLong()).isEqualTo(MAINTENANCES);
        assertThat(rows.path("maintenance_update_view").asLong()).isEqualTo(events - incidentEvents);
        assertThat(rows.path("maintenance_update_change").asLong()).isPositive();
        assertThat(rows.path("incident_fact").asLong()).isGreaterThan(INCIDENTS * 3L);
        assertThat(builtLive.path("digest").asString()).matches("[0-9a-f]{64}");
    }

    @Test
    void aRebuildOverHttpReproducesEveryReadModelAndThePublicDocuments() {
        String summary = body("/api/v2/summary.json");
        String incidents = body("/api/v2/incidents.json");
        long chained = jdbc.sql("SELECT COUNT(*) FROM audit_chain").query(Long.class).single();
        String newestOpen = "inc-gen-" + (INCIDENTS - INCIDENTS % 10 - (INCIDENTS % 10 == 0 ? 10 : 0));
        corrupt(newestOpen);
        // Let the in-memory documents pick the corruption up, as they would any change.
        publisher.publishEvent(new ProjectionsAdvanced(events, 1));
        assertThat(json("GET", "/api/admin/digest").path("digest")).isNotEqualTo(builtLive.path("digest"));
        assertThat(body("/api/v2/summary.json")).isNotEqualTo(summary).contains("Tampered title");

        // The log of when each projection first took each event, emptied as the purge leaves it after the retention.
        jdbc.sql("DELETE FROM projection_change").update();

        JsonNode rebuilt = json("POST", "/api/admin/rebuild");

        // The replay records nothing in that log (it adds nothing to it), and the documents below are rebuilt once
        // it is done, not from each replayed batch.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM projection_change").query(Long.class).single()).isZero();
        assertThat(rebuilt.path("events").asLong()).isEqualTo(events);
        assertThat(rebuilt.path("eventsPerSecond").asLong()).isPositive();
        assertThat(texts(rebuilt.path("processors"))).containsExactlyElementsOf(Processors.READ_MODELS)
                .doesNotContain(Processors.AUDIT);
        assertThat(json("GET", "/api/admin/digest")).isEqualTo(builtLive);
        assertThat(body("/api/v2/summary.json")).isEqualTo(summary);
        assertThat(body("/api/v2/incidents.json")).isEqualTo(incidents);
        // The audit chain is evidence, not a projection: untouched, and still intact.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_chain").query(Long.class).single()).isEqualTo(chained);
        assertThat(json("GET", "/api/audit/verify").path("verified").asBoolean()).isTrue();
    }

    /** What no event could do: a changed title, a lost fact, a maintenance unstarted and one without components. */
    private void corrupt(String incidentId) {
        assertThat(jdbc.sql("UPDATE incident_view SET title = 'Tampered title' WHERE incident_id = ?")
                .param(incidentId).update()).isEqualTo(1);
        assertThat(jdbc.sql("DELETE FROM incident_fact WHERE incident_id = ? AND sequence = 0 AND ordinal = 1")
                .param(incidentId).update()).isPositive();
        assertThat(jdbc.sql("UPDATE maintenance_view SET status = 'scheduled', started_at = NULL"
                + " WHERE maintenance_id = 'mnt-gen-3'").update()).isEqualTo(1);
        assertThat(jdbc.sql("DELETE FROM maintenance_component WHERE maintenance_id = 'mnt-gen-5'").update())
                .isPositive();
    }

    private void awaitProjections() {
        long head = jdbc.sql("SELECT MAX(globalIndex) FROM DomainEventEntry").query(Long.class).single();
        await("projections reach event " + head).atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> processing.eventProcessors().values().stream()
                        .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                        .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                                .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= head)));
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    private JsonNode json(String method, String path) {
        HttpResponse<String> response = send(method, path);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String body(String path) {
        HttpResponse<String> response = send("GET", path);
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> send(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(DEADLINE)
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + TestCredentials.ALL_ROLES)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
