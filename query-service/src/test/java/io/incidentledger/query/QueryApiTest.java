package io.incidentledger.query;

import io.incidentledger.web.security.TestCredentials;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running query service on a random port, fed by appending events to its event store (as command-service
 * would) and read over plain HTTP. Every subclass shares one Spring context (same configuration, so the context
 * cache hands out the same instance) and therefore one fresh H2 data directory under {@code target/}, created
 * when this class is loaded. Tests keep out of each other's way with their own ids ({@link #uniqueId}) and
 * groups, and set the service's clock themselves; nothing relies on the ledger being empty.
 */
@SpringBootTest(classes = {QueryServiceApplication.class, QueryTestConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class QueryApiTest {

    private static final Path DATA_DIR = freshDataDir();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String PROBLEM_TYPE = "application/problem+json";
    protected static final Duration PROJECTION_DEADLINE = Duration.ofSeconds(30);

    protected static final ComponentStatus OPERATIONAL = ComponentStatus.OPERATIONAL;
    protected static final ComponentStatus UNDER_MAINTENANCE = ComponentStatus.UNDER_MAINTENANCE;
    protected static final ComponentStatus DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE;
    protected static final ComponentStatus PARTIAL = ComponentStatus.PARTIAL_OUTAGE;
    protected static final ComponentStatus MAJOR = ComponentStatus.MAJOR_OUTAGE;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    @Qualifier("eventStore")
    protected EventStore eventStore;

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    protected MutableClock clock;

    /** The service's "now" for the current test: a whole second, standing still until the test moves it. */
    protected Instant now;

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) {
        registry.add("incident-ledger.data-dir", DATA_DIR::toString);
        // The suite is one client asking for dozens of past moments in seconds; the per-client allowance itself
        // is tested on its own (RebuildAllowanceTest).
        registry.add("incident-ledger.as-of.burst", () -> "1000");
        registry.add("incident-ledger.as-of.builds-per-minute", () -> "6000");
        TestCredentials.provision(registry);
    }

    private static Path freshDataDir() {
        try {
            Path target = Files.createDirectories(Path.of("target", "test-data"));
            return Files.createTempDirectory(target, "ledger-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void stopTheClock() {
        now = clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** An id no other test uses: {@code prefix-<n>-<random>}, a valid component slug and incident id. */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- events -----------------------------------------------------------------------------------------

    /**
     * Appends one event to the store as the command side would: the next sequence number of its aggregate,
     * the acting principal in the metadata, {@code recordedAt} as the event's own timestamp.
     */
    protected void append(String aggregateType, String aggregateId, Object payload, String actor, Instant recordedAt) {
        long sequence = jdbc.sql("SELECT COALESCE(MAX(sequenceNumber), -1) + 1 FROM DomainEventEntry"
                        + " WHERE aggregateIdentifier = ?")
                .param(aggregateId).query(Long.class).single();
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload,
                Map.of("actor", actor, "correlationId", UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt));
    }

    protected void append(String aggregateType, String aggregateId, Object payload) {
        append(aggregateType, aggregateId, payload, "commander@example.com", Instant.now());
    }

    protected String registerComponent(String prefix) {
        return registerComponent(prefix, null, 0);
    }

    protected String registerComponent(String prefix, String group, int position) {
        String id = uniqueId(prefix);
        append("Component", id, new ComponentRegistered(id, "Name of " + id, group, "About " + id, position));
        return id;
    }

    protected void retireComponent(String id) {
        append("Component", id, new ComponentRetired(id));
    }

    /** Opens an incident (investigating, major impact) with a fresh id effective at {@code at}; returns the id. */
    protected String openIncident(Instant at, ComponentDeclaration... declarations) {
        String id = uniqueId("inc");
        append("Incident", id, new IncidentOpened(id, "Incident " + id, Impact.MAJOR, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), "We are investigating.", at, List.of(declarations)));
        return id;
    }

    /** Posts an update effective at {@code at}; returns the update's id. */
    protected String postUpdate(String incidentId, IncidentStatus status, Instant at,
                                ComponentDeclaration... declarations) {
        String updateId = uniqueId("upd");
        append("Incident", incidentId, new IncidentUpdatePosted(incidentId, updateId, status,
                "Update " + updateId, at, List.of(declarations)));
        return updateId;
    }

    protected String resolveIncident(String incidentId, Instant at) {
        String updateId = uniqueId("upd");
        append("Incident", incidentId, new IncidentResolved(incidentId, updateId, "Resolved.", at));
        return updateId;
    }

    /**
     * Schedules a maintenance with a fresh id, announced at {@code announcedAt}, for {@code [from, until)}, as
     * command-service would (automatic start and completion on); returns the id.
     */
    protected String scheduleMaintenance(Instant announcedAt, Instant from, Instant until,
                                         ComponentDeclaration... declarations) {
        String id = uniqueId("mnt");
        append("Maintenance", id, new MaintenanceScheduled(id, "Maintenance " + id, uniqueId("upd"),
                "We will upgrade the database.", announcedAt, List.of(declarations), from, until, true, true, null));
        return id;
    }

    protected void rescheduleMaintenance(String id, String title, Instant at, Instant from, Instant until,
                                         ComponentDeclaration... declarations) {
        append("Maintenance", id, new MaintenanceRescheduled(id, title, List.of(declarations), from, until, at));
    }

    /** Starts it effective at {@code at}, by a commander (with a message) or by its deadline (without). */
    protected String startMaintenance(String id, Instant at, boolean automatic) {
        String updateId = uniqueId("upd");
        append("Maintenance", id, new MaintenanceStarted(id, updateId, automatic ? null : "Work has begun.", at,
                automatic));
        return updateId;
    }

    protected String postMaintenanceUpdate(String id, MaintenanceStatus status, Instant at) {
        String updateId = uniqueId("upd");
        append("Maintenance", id, new MaintenanceUpdatePosted(id, updateId, status, "Update " + updateId, at));
        return updateId;
    }

    protected String completeMaintenance(String id, Instant at, boolean automatic) {
        String updateId = uniqueId("upd");
        append("Maintenance", id, new MaintenanceCompleted(id, updateId, automatic ? null : "All done.", at,
                automatic));
        return updateId;
    }

    protected String cancelMaintenance(String id, Instant at) {
        String updateId = uniqueId("upd");
        append("Maintenance", id, new MaintenanceCancelled(id, updateId, null, at));
        return updateId;
    }

    protected static ComponentDeclaration declare(String componentId, ComponentStatus status) {
        return ComponentDeclaration.of(componentId, status);
    }

    protected static ComponentDeclaration declare(String componentId, ComponentStatus status, double fraction) {
        return new ComponentDeclaration(componentId, status, fraction);
    }

    /**
     * Waits until every streaming processor has handled everything appended so far. A processor whose segment
     * is not claimed (released after an error, say) has not caught up.
     */
    protected void awaitProjections() {
        long head = jdbc.sql("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry").query(Long.class).single();
        await("projections reach event " + head).atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> streamingProcessors().stream().allMatch(p -> reached(p.processingStatus().values(), head)));
    }

    private List<StreamingEventProcessor> streamingProcessors() {
        List<StreamingEventProcessor> processors = new ArrayList<>();
        processing.eventProcessors().values().forEach(p -> {
            if (p instanceof StreamingEventProcessor streaming) {
                processors.add(streaming);
            }
        });
        assertThat(processors).as("streaming processors").isNotEmpty();
        return processors;
    }

    private static boolean reached(Collection<EventTrackerStatus> segments, long head) {
        return !segments.isEmpty() && segments.stream()
                .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= head);
    }

    // --- HTTP -------------------------------------------------------------------------------------------

    protected Response get(String path) {
        return get(path, "application/json, application/problem+json");
    }

    protected Response get(String path, String accept) {
        return get(path, accept, "Bearer " + TestCredentials.ALL_ROLES);
    }

    /**
     * GET with this {@code Authorization} (null for none). Public reads need none; the default credential holds
     * every role, so tests of the auditor's and admin's reads need not care.
     */
    protected Response get(String path, String accept, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET that must answer 200 with JSON; returns the body. */
    protected JsonNode getJson(String path) {
        Response response = get(path);
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        assertThat(response.mediaType()).as("GET %s", path).isEqualTo("application/json");
        return response.json();
    }

    /** GET that must answer an RFC 9457 problem with this status; returns the problem. */
    protected JsonNode getProblem(String path, int status) {
        Response response = get(path);
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(status);
        assertThat(response.mediaType()).as("GET %s: %s", path, response).isEqualTo(PROBLEM_TYPE);
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("problem status of GET %s", path).isEqualTo(status);
        assertThat(problem.path("title").asString("")).as("problem title of GET %s", path).isNotBlank();
        assertThat(problem.path("type").asString("")).as("problem type of GET %s", path).isNotBlank();
        assertThat(problem.path("detail").asString("")).as("problem detail of GET %s", path).isNotBlank();
        return problem;
    }

    /** A 400 problem naming {@code parameter} among its offending fields. */
    protected JsonNode getBadQuery(String path, String parameter) {
        JsonNode problem = getProblem(path, 400);
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> fields.add(error.path("field").asString("")));
        assertThat(fields).as("offending fields of GET %s: %s", path, problem).contains(parameter);
        return problem;
    }

    protected static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString(null)));
        return values;
    }

    /** The element of {@code array} whose {@code field} is {@code value}. */
    protected static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString(null))) {
                return node;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    protected static boolean contains(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString(null))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code seconds} map of a downtime entry, as status → seconds, for one exact comparison. */
    protected static Map<String, Long> seconds(JsonNode entry) {
        JsonNode seconds = entry.path("seconds");
        return Map.of(
                "major_outage", seconds.path("major_outage").asLong(-1),
                "partial_outage", seconds.path("partial_outage").asLong(-1),
                "degraded_performance", seconds.path("degraded_performance").asLong(-1),
                "under_maintenance", seconds.path("under_maintenance").asLong(-1));
    }

    protected static Map<String, Long> seconds(long major, long partial, long degraded, long maintenance) {
        return Map.of("major_outage", major, "partial_outage", partial, "degraded_performance", degraded,
                "under_maintenance", maintenance);
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        public String mediaType() {
            return header("Content-Type").map(type -> type.split(";")[0].strip()).orElse("");
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }
}
