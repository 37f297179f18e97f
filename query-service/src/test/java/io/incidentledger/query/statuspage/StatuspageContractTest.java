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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.MutableClock;
import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.QueryTestConfiguration;

/**
 * The Statuspage v2 documents against JSON Schemas written by hand from Statuspage's own documentation of its
 * public Status API v2 ({@code src/test/resources/statuspage-schema/}), not from our output: every documented
 * field is required with its documented type and nullability, an unknown field fails, and the fields we add
 * (only {@code stale}) are listed in the schema as extensions. A Statuspage client depends on every one of them.
 *
 * <p>The history is chosen so that every nullable field is seen both null and not null: component groups and an
 * ungrouped component, a component without a description that is shown only when degraded, the Heroku outage of
 * 29-30 June 2012 (resolved, with a post-mortem), a resolved incident with an update that changed no component,
 * an open incident in monitoring with an affected fraction, and a resolved then reopened one; and scheduled
 * maintenances in every state: one completed by its deadline after verifying, one in progress, one upcoming and one
 * cancelled (which Statuspage deletes, so it is in no document).
 */
@Tag("own-context")
@SpringBootTest(classes = {QueryServiceApplication.class, QueryTestConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatuspageContractTest {

    static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    static final Instant HEROKU = Instant.parse("2012-06-30T03:04:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The schemas' own ids, mapped onto the test classpath. */
    static final String SCHEMA_BASE = "https://incident-ledger.example/statuspage-schema/";
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:statuspage-schema/"))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** Every document of the API, with its schema. */
    static final Map<String, String> DOCUMENTS = documents();

    private static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        for (String document : List.of("summary.json", "status.json", "components.json", "incidents.json",
                "incidents/unresolved.json", "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json",
                "scheduled-maintenances/active.json")) {
            documents.put(document, document.replace('/', '-').replace(".json", ".schema.json"));
        }
        return documents;
    }

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
        // Its own database (and so its own context): the documents list everything, and must list only this.
        Path dir = Files.createDirectories(Path.of("target/test-data"));
        registry.add("incident-ledger.data-dir", () -> createTempDir(dir));
        registry.add("incident-ledger.page.public-url", () -> "https://status.example.com/");
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
    private final Map<String, Long> sequences = new TreeMap<>();

    @BeforeAll
    void scenario() {
        clock.set(T0.plus(Duration.ofHours(10)));
        register("api", "API", "Production", "About API", 1, true, false, T0);
        register("web", "Website", "Production", "About Website", 2, true, false, T0);
        register("db", "Database", null, "About Database", 3, true, false, T0);
        Instant herokuRegistered = HEROKU.minus(Duration.ofDays(400));
        register("bamboo", "Bamboo", "Heroku", "Legacy HTTP stack", 4, true, false, herokuRegistered);
        register("cedar", "Cedar", "Heroku", null, 5, false, true, herokuRegistered);

        // The Heroku outage: Bamboo down 3h50m, then intermittent 51m, then degraded 9h30m; 30% of Cedar 2h27m.
        append("Incident", "heroku-2012-06", new IncidentOpened("heroku-2012-06", "Widespread application outage",
                Impact.CRITICAL, IncidentStatus.INVESTIGATING, "heroku-1", "We are investigating.", HEROKU,
                List.of(ComponentDeclaration.of("bamboo", ComponentStatus.MAJOR_OUTAGE),
                        new ComponentDeclaration("cedar", ComponentStatus.PARTIAL_OUTAGE, 0.3))));
        Instant cedarBack = HEROKU.plus(Duration.ofMinutes(2 * 60 + 27));
        append("Incident", "heroku-2012-06", new IncidentUpdatePosted("heroku-2012-06", "heroku-2",
                IncidentStatus.IDENTIFIED, "Power loss in one availability zone; Cedar apps recovered.", cedarBack,
                List.of(ComponentDeclaration.of("cedar", ComponentStatus.OPERATIONAL))));
        // Bamboo re-declared as it was: no transition, so no affected component.
        append("Incident", "heroku-2012-06", new IncidentUpdatePosted("heroku-2012-06", "heroku-2b",
                IncidentStatus.IDENTIFIED, "Bamboo is still down; we are restoring it.", cedarBack.plusSeconds(60),
                List.of(ComponentDeclaration.of("bamboo", ComponentStatus.MAJOR_OUTAGE))));
        Instant intermittent = HEROKU.plus(Duration.ofMinutes(3 * 60 + 50));
        append("Incident", "heroku-2012-06", new IncidentUpdatePosted("heroku-2012-06", "heroku-3",
                IncidentStatus.IDENTIFIED, "Bamboo apps are coming back, with intermittent failures.", intermittent,
                List.of(ComponentDeclaration.of("bamboo", ComponentStatus.PARTIAL_OUTAGE))));
        Instant degraded = intermittent.plus(Duration.ofMinutes(51));
        append("Incident", "heroku-2012-06", new IncidentUpdatePosted("heroku-2012-06", "heroku-4",
                IncidentStatus.MONITORING, "Bamboo is up; deploys are slow.", degraded,
                List.of(ComponentDeclaration.of("bamboo", ComponentStatus.DEGRADED_PERFORMANCE))));
        Instant herokuResolved = degraded.plus(Duration.ofMinutes(9 * 60 + 30));
        append("Incident", "heroku-2012-06", new IncidentResolved("heroku-2012-06", "heroku-5", "All clear.",
                herokuResolved));
        append("Incident", "heroku-2012-06", new IncidentPostmortemPublished("heroku-2012-06",
                "# What happened\n\nA storm cut power to one zone.", herokuResolved.plus(Duration.ofDays(3))));

        append("Incident", "inc-resolved", new IncidentOpened("inc-resolved", "API errors", Impact.MAJOR,
                IncidentStatus.INVESTIGATING, "upd-1", "We are seeing errors.", T0.plus(Duration.ofHours(1)),
                List.of(ComponentDeclaration.of("api", ComponentStatus.MAJOR_OUTAGE))));
        append("Incident", "inc-resolved", new IncidentUpdatePosted("inc-resolved", "upd-2",
                IncidentStatus.IDENTIFIED, "Found a bad deploy.", T0.plus(Duration.ofHours(2)), List.of()));
        append("Incident", "inc-resolved", new IncidentResolved("inc-resolved", "upd-3", "Rolled back.",
                T0.plus(Duration.ofHours(3))));

        append("Incident", "inc-reopened", new IncidentOpened("inc-reopened", "Slow API", Impact.MINOR,
                IncidentStatus.INVESTIGATING, "upd-6", "Some API calls are slow.", T0.plus(Duration.ofHours(3)),
                List.of(ComponentDeclaration.of("api", ComponentStatus.DEGRADED_PERFORMANCE))));
        append("Incident", "inc-reopened", new IncidentResolved("inc-reopened", "upd-7", "Fast again.",
                T0.plus(Duration.ofHours(4))));
        append("Incident", "inc-reopened", new IncidentReopened("inc-reopened", "upd-8", "Slow again.",
                T0.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(20)),
                List.of(ComponentDeclaration.of("api", ComponentStatus.DEGRADED_PERFORMANCE))));

        append("Incident", "inc-open", new IncidentOpened("inc-open", "Slow website", Impact.MINOR,
                IncidentStatus.INVESTIGATING, "upd-4", "Pages load slowly for some.", T0.plus(Duration.ofHours(5)),
                List.of(new ComponentDeclaration("web", ComponentStatus.PARTIAL_OUTAGE, 0.5),
                        ComponentDeclaration.of("db", ComponentStatus.DEGRADED_PERFORMANCE))));
        append("Incident", "inc-open", new IncidentUpdatePosted("inc-open", "upd-5", IncidentStatus.MONITORING,
                "A fix is out; watching.", T0.plus(Duration.ofHours(6)),
                List.of(ComponentDeclaration.of("web", ComponentStatus.DEGRADED_PERFORMANCE))));

        register("search", "Search", null, "Full-text search", 6, true, false, T0);
        // Maintenance: done (started and completed by its deadline, verifying in between), running, upcoming,
        // and one called off.
        Instant doneFrom = T0.plus(Duration.ofMinutes(30));
        append("Maintenance", "mnt-done", new MaintenanceScheduled("mnt-done", "Database upgrade", "mnt-done-1",
                "We will upgrade the database.", T0.minus(Duration.ofDays(2)),
                List.of(ComponentDeclaration.of("db", ComponentStatus.UNDER_MAINTENANCE)), doneFrom,
                doneFrom.plus(Duration.ofHours(1)), true, true, null), T0.minus(Duration.ofDays(2)));
        append("Maintenance", "mnt-done", new MaintenanceStarted("mnt-done", "mnt-done-2", null, doneFrom, true),
                doneFrom);
        append("Maintenance", "mnt-done", new MaintenanceUpdatePosted("mnt-done", "mnt-done-3",
                MaintenanceStatus.VERIFYING, "Checking replicas.", doneFrom.plus(Duration.ofMinutes(50))),
                doneFrom.plus(Duration.ofMinutes(50)));
        append("Maintenance", "mnt-done", new MaintenanceCompleted("mnt-done", "mnt-done-4", null,
                doneFrom.plus(Duration.ofHours(1)), true), doneFrom.plus(Duration.ofHours(1)));
        Instant activeFrom = T0.plus(Duration.ofHours(9));
        append("Maintenance", "mnt-active", new MaintenanceScheduled("mnt-active", "Search reindex", "mnt-active-1",
                "Search will be unavailable while we reindex.", T0.minus(Duration.ofDays(1)),
                List.of(ComponentDeclaration.of("search", ComponentStatus.UNDER_MAINTENANCE)), activeFrom,
                activeFrom.plus(Duration.ofHours(2)), true, true, null), T0.minus(Duration.ofDays(1)));
        append("Maintenance", "mnt-active", new MaintenanceStarted("mnt-active", "mnt-active-2",
                "Reindexing has begun.", activeFrom, false), activeFrom);
        Instant upcomingFrom = T0.plus(Duration.ofDays(2));
        append("Maintenance", "mnt-upcoming", new MaintenanceScheduled("mnt-upcoming", "Network work",
                "mnt-upcoming-1", "Our provider works on the network.", T0.plus(Duration.ofHours(8)),
                List.of(ComponentDeclaration.of("api", ComponentStatus.UNDER_MAINTENANCE)), upcomingFrom,
                upcomingFrom.plus(Duration.ofHours(4)), true, true, null), T0.plus(Duration.ofHours(8)));
        append("Maintenance", "mnt-cancelled", new MaintenanceScheduled("mnt-cancelled", "Called off",
                "mnt-cancelled-1", "Maybe.", T0.plus(Duration.ofHours(8)),
                List.of(ComponentDeclaration.of("web", ComponentStatus.UNDER_MAINTENANCE)), upcomingFrom,
                upcomingFrom.plus(Duration.ofHours(1)), true, true, null), T0.plus(Duration.ofHours(8)));
        append("Maintenance", "mnt-cancelled", new MaintenanceCancelled("mnt-cancelled", "mnt-cancelled-2", null,
                T0.plus(Duration.ofHours(9))), T0.plus(Duration.ofHours(9)));

        // The last event of every aggregate, and of every projection, is visible.
        await("scenario projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode incidents = json("/api/v2/incidents.json").path("incidents");
                    JsonNode summary = json("/api/v2/summary.json");
                    return incidents.size() == 4
                            && find(incidents, "inc-open").path("incident_updates").size() == 2
                            && find(incidents, "inc-reopened").path("status").asString().equals("investigating")
                            && find(incidents, "heroku-2012-06").path("updated_at").asString()
                                    .equals(recorded(herokuResolved.plus(Duration.ofDays(3))).toString())
                            && summary.path("incidents").size() == 2
                            && summary.path("scheduled_maintenances").size() == 2
                            && json("/api/v2/scheduled-maintenances.json").path("scheduled_maintenances").size() == 3
                            && find(json("/api/v2/scheduled-maintenances.json").path("scheduled_maintenances"),
                                    "mnt-done").path("status").asString().equals("completed")
                            && find(summary.path("components"), "web").path("status").asString()
                                    .equals("degraded_performance")
                            && find(summary.path("components"), "api").path("status").asString()
                                    .equals("degraded_performance");
                });
    }

    static Stream<String> documentPaths() {
        return DOCUMENTS.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentPaths")
    void everyDocumentHasExactlyStatuspagesDocumentedShape(String document) {
        JsonNode actual = json("/api/v2/" + document);

        assertThat(errors(document, actual)).as("%s against %s:%n%s", document, DOCUMENTS.get(document), actual)
                .isEmpty();
    }

    /**
     * The history shows every nullable field both ways, so a null where a value belongs (or the reverse) is
     * seen by the schema. The fields Statuspage documents that we never fill are listed: they are always null.
     */
    @Test
    void theHistoryShowsEveryNullableFieldBothNullAndNotNull() {
        Map<String, Set<Presence>> seen = new TreeMap<>();
        for (String document : DOCUMENTS.keySet()) {
            collect("", json("/api/v2/" + document), seen);
        }

        assertThat(seen).as("fields seen null and not null").containsAllEntriesOf(Map.of(
                "components[].description", EnumSet.allOf(Presence.class),
                "components[].start_date", EnumSet.allOf(Presence.class),
                "components[].group_id", EnumSet.allOf(Presence.class),
                "incidents[].monitoring_at", EnumSet.allOf(Presence.class),
                "incidents[].resolved_at", EnumSet.allOf(Presence.class),
                "incidents[].components[].description", EnumSet.allOf(Presence.class),
                "incidents[].components[].group_id", EnumSet.allOf(Presence.class),
                "incidents[].incident_updates[].affected_components", EnumSet.allOf(Presence.class)));
        assertThat(seen).as("maintenance fields seen null and not null").containsAllEntriesOf(Map.of(
                "scheduled_maintenances[].monitoring_at", EnumSet.allOf(Presence.class),
                "scheduled_maintenances[].resolved_at", EnumSet.allOf(Presence.class),
                "scheduled_maintenances[].incident_updates[].affected_components", EnumSet.allOf(Presence.class)));
        // Never filled: we post no tweets.
        assertThat(seen).containsEntry("incidents[].incident_updates[].custom_tweet", EnumSet.of(Presence.NULL))
                .containsEntry("incidents[].incident_updates[].tweet_id", EnumSet.of(Presence.NULL));
        assertThat(seen).containsEntry("scheduled_maintenances[].incident_updates[].tweet_id",
                EnumSet.of(Presence.NULL));
    }

    /** The schemas are no rubber stamp: each of these departures from Statuspage's shape fails. */
    static Stream<Arguments> departures() {
        return Stream.of(
                departure("summary.json", "an unknown top-level field", d -> d.put("uptime", 99.9)),
                departure("summary.json", "a component's group_id renamed groupId",
                        d -> rename(component(d, "api"), "group_id", "groupId")),
                departure("components.json", "a component without only_show_if_degraded",
                        d -> component(d, "web").remove("only_show_if_degraded")),
                departure("components.json", "a status Statuspage does not have",
                        d -> component(d, "web").put("status", "degraded")),
                departure("components.json", "a group without its members",
                        d -> component(d, "group-production").remove("components")),
                departure("components.json", "members listed on a component",
                        d -> component(d, "db").putArray("components").add("api")),
                departure("components.json", "a position as text", d -> component(d, "db").put("position", "3")),
                departure("status.json", "an indicator Statuspage does not have",
                        d -> ((ObjectNode) d.path("status")).put("indicator", "maintenance")),
                departure("status.json", "a page without time_zone", d -> ((ObjectNode) d.path("page"))
                        .remove("time_zone")),
                departure("status.json", "a page updated_at that is no date-time",
                        d -> ((ObjectNode) d.path("page")).put("updated_at", "yesterday")),
                departure("incidents.json", "an incident name that is null",
                        d -> incident(d, "inc-resolved").putNull("name")),
                departure("incidents.json", "an impact Statuspage does not have",
                        d -> incident(d, "inc-resolved").put("impact", "severe")),
                departure("incidents.json", "a resolved incident without resolved_at",
                        d -> incident(d, "inc-resolved").putNull("resolved_at")),
                departure("incidents.json", "an update's display_at dropped",
                        d -> ((ObjectNode) incident(d, "inc-open").path("incident_updates").path(0))
                                .remove("display_at")),
                departure("incidents.json", "an affected component with camelCase oldStatus",
                        d -> rename((ObjectNode) incident(d, "inc-open").path("incident_updates").path(0)
                                .path("affected_components").path(0), "old_status", "oldStatus")),
                departure("incidents/unresolved.json", "a resolved incident among the unresolved",
                        d -> incident(d, "inc-open").put("status", "resolved")
                                .put("resolved_at", "2026-01-05T07:00:00Z")),
                departure("scheduled-maintenances/upcoming.json", "a maintenance that is no maintenance",
                        d -> ((ArrayNode) d.path("scheduled_maintenances")).addObject().put("id", "m-1")),
                departure("scheduled-maintenances.json", "a cancelled maintenance listed",
                        d -> maintenance(d, "mnt-upcoming").put("status", "cancelled")),
                departure("scheduled-maintenances.json", "a maintenance without scheduled_until",
                        d -> maintenance(d, "mnt-done").remove("scheduled_until")),
                departure("scheduled-maintenances.json", "a maintenance update with an incident status",
                        d -> ((ObjectNode) maintenance(d, "mnt-done").path("incident_updates").path(0))
                                .put("status", "resolved")),
                departure("scheduled-maintenances/upcoming.json", "a running maintenance among the upcoming",
                        d -> maintenance(d, "mnt-upcoming").put("status", "in_progress")),
                departure("scheduled-maintenances/active.json", "a completed maintenance among the active",
                        d -> maintenance(d, "mnt-active").put("status", "completed")),
                departure("summary.json", "a completed maintenance in the summary",
                        d -> maintenance(d, "mnt-active").put("status", "completed")),
                departure("incidents.json", "a stale mark with an extra field",
                        d -> d.putObject("stale").put("last_good_data_at", "2026-01-05T06:05:00Z")
                                .put("stale_since", "2026-01-05T06:06:00Z").put("reason", "db down")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("departures")
    void aDocumentThatDepartsFromStatuspagesShapeFails(String document, String departure,
                                                       Consumer<ObjectNode> change) {
        ObjectNode changed = (ObjectNode) json("/api/v2/" + document);
        assertThat(errors(document, changed)).as("as served").isEmpty();

        change.accept(changed);

        assertThat(errors(document, changed)).as(departure).isNotEmpty();
    }

    /** The one field we add: while the database is down, documents are served as last built, marked. */
    @ParameterizedTest
    @ValueSource(strings = {"summary.json", "incidents.json", "scheduled-maintenances/active.json"})
    void theStaleMarkIsTheOneListedExtension(String document) {
        ObjectNode marked = (ObjectNode) json("/api/v2/" + document);
        marked.putObject("stale").put("last_good_data_at", "2026-01-05T06:05:00Z")
                .put("stale_since", "2026-01-05T06:06:00Z");

        assertThat(errors(document, marked)).isEmpty();
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

    /** SPEC §6/§7: where each maintenance is listed, in which order, and how its fields are filled. */
    @Test
    void maintenancesAreListedAsStatuspageListsThem() {
        JsonNode summary = json("/api/v2/summary.json");
        assertThat(texts(summary.path("scheduled_maintenances"))).containsExactly("mnt-active", "mnt-upcoming");
        assertThat(find(summary.path("components"), "search").path("status").asString())
                .isEqualTo("under_maintenance");
        assertThat(texts(json("/api/v2/scheduled-maintenances/upcoming.json").path("scheduled_maintenances")))
                .containsExactly("mnt-upcoming");
        assertThat(texts(json("/api/v2/scheduled-maintenances/active.json").path("scheduled_maintenances")))
                .containsExactly("mnt-active");
        assertThat(texts(json("/api/v2/scheduled-maintenances.json").path("scheduled_maintenances")))
                .containsExactly("mnt-upcoming", "mnt-active", "mnt-done");

        JsonNode done = find(json("/api/v2/scheduled-maintenances.json").path("scheduled_maintenances"), "mnt-done");
        assertThat(done.path("impact").asString()).isEqualTo("maintenance");
        assertThat(done.path("scheduled_for").asString()).isEqualTo("2026-01-05T00:30:00Z");
        assertThat(done.path("scheduled_until").asString()).isEqualTo("2026-01-05T01:30:00Z");
        assertThat(done.path("started_at").asString()).isEqualTo("2026-01-05T00:30:00Z");
        assertThat(done.path("resolved_at").asString()).isEqualTo("2026-01-05T01:30:00Z");
        assertThat(done.path("monitoring_at").asString()).isEqualTo("2026-01-05T01:20:00Z");
        assertThat(done.path("shortlink").asString()).isEqualTo("https://status.example.com/maintenances/mnt-done");
        JsonNode updates = done.path("incident_updates");
        assertThat(texts(updates, "status")).containsExactly("completed", "verifying", "in_progress", "scheduled");
        assertThat(updates.path(0).path("body").asString()).isEqualTo("The scheduled maintenance has been completed.");
        assertThat(updates.path(0).path("affected_components").path(0).path("old_status").asString())
                .isEqualTo("under_maintenance");
        assertThat(updates.path(2).path("affected_components").path(0).path("new_status").asString())
                .isEqualTo("under_maintenance");
        assertThat(updates.path(2).path("display_at").asString()).isEqualTo("2026-01-05T00:30:00Z");
        assertThat(done.path("components").path(0).path("id").asString()).isEqualTo("db");

        JsonNode upcoming = find(summary.path("scheduled_maintenances"), "mnt-upcoming");
        assertThat(upcoming.path("started_at").asString()).as("not begun: when it is to begin")
                .isEqualTo(upcoming.path("scheduled_for").asString());
        assertThat(json("/api/v2/status.json").path("status").path("description").asString())
                .isEqualTo(summary.path("status").path("description").asString());
    }

    /** The issue's own example: bamboo major_outage → major_outage is no change, and nothing Statuspage shows. */
    @Test
    void anUpdateReDeclaringAStatusAffectsNoComponent() {
        JsonNode heroku = find(json("/api/v2/incidents.json").path("incidents"), "heroku-2012-06");
        JsonNode updates = heroku.path("incident_updates");

        JsonNode same = find(updates, "heroku-2b");
        assertThat(same.has("affected_components")).isTrue();
        assertThat(same.path("affected_components").isNull()).as("%s", same).isTrue();
        JsonNode real = find(updates, "heroku-3").path("affected_components");
        assertThat(real).hasSize(1);
        assertThat(real.path(0).path("code").asString()).isEqualTo("bamboo");
        assertThat(real.path(0).path("old_status").asString()).isEqualTo("major_outage");
        assertThat(real.path(0).path("new_status").asString()).isEqualTo("partial_outage");
        updates.forEach(update -> update.path("affected_components").forEach(change ->
                assertThat(change.path("old_status").asString()).as("%s", update)
                        .isNotEqualTo(change.path("new_status").asString())));
    }

    /** With {@code public-url} set, every absolute link is it, whatever host the request named. */
    @Test
    void theConfiguredPublicUrlIsTheBaseOfEveryAbsoluteLinkWhateverTheHost() throws IOException {
        String summary = raw("/api/v2/summary.json", "other.example.org");
        assertThat(JSON.readTree(summary).path("page").path("url").asString()).isEqualTo("https://status.example.com");
        assertThat(summary).doesNotContain("other.example.org", "localhost", "https://base-");
        assertThat(raw("/api/v2/incidents.json", "other.example.org"))
                .contains("\"shortlink\":\"https://status.example.com/incidents/heroku-2012-06\"")
                .doesNotContain("other.example.org", "localhost");

        String feed = raw("/history.atom", "other.example.org");
        assertThat(feed).contains("<id>https://status.example.com/history.atom</id>",
                        "<id>https://status.example.com/incidents/inc-open</id>",
                        "href=\"https://status.example.com/incidents/inc-open\"",
                        "href=\"https://status.example.com/history\"")
                .doesNotContain("other.example.org", "localhost");
    }

    /** The body of a GET with this {@code Host} header, over HTTP/1.0 so that it is read to the end. */
    private String raw(String path, String host) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).as(response).startsWith("HTTP/1.1 200");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static List<Error> errors(String document, JsonNode body) {
        Schema schema = SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_BASE + DOCUMENTS.get(document)));
        return schema.validate(body);
    }

    private static Arguments departure(String document, String what, Consumer<ObjectNode> change) {
        return Arguments.of(document, what, change);
    }

    private static ObjectNode component(ObjectNode document, String id) {
        return (ObjectNode) find(document.path("components"), id);
    }

    private static ObjectNode maintenance(ObjectNode document, String id) {
        return (ObjectNode) find(document.path("scheduled_maintenances"), id);
    }

    private static ObjectNode incident(ObjectNode document, String id) {
        return (ObjectNode) find(document.path("incidents"), id);
    }

    private static void rename(ObjectNode node, String from, String to) {
        node.set(to, node.remove(from));
    }

    enum Presence { NULL, NOT_NULL }

    /** Which fields (array indices as {@code []}) were seen null, and which not null. */
    private static void collect(String path, JsonNode node, Map<String, Set<Presence>> seen) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                seen.computeIfAbsent(name, n -> EnumSet.noneOf(Presence.class))
                        .add(field.getValue().isNull() ? Presence.NULL : Presence.NOT_NULL);
                collect(name, field.getValue(), seen);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(path + "[]", element, seen);
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        return texts(array, "id");
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString()));
        return values;
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode node : array) {
            if (id.equals(node.path("id").asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private void register(String id, String name, String group, String description, int position, boolean showcase,
                          boolean onlyShowIfDegraded, Instant at) {
        append("Component", id, new ComponentRegistered(id, name, group, description, position, showcase,
                onlyShowIfDegraded), at);
    }

    private void append(String type, String aggregateId, Object payload) {
        Instant at = payload instanceof IncidentOpened o ? o.at() : payload instanceof IncidentUpdatePosted u ? u.at()
                : payload instanceof IncidentResolved r ? r.at() : payload instanceof IncidentReopened r ? r.at()
                : payload instanceof IncidentPostmortemPublished p ? p.at() : T0;
        append(type, aggregateId, payload, at);
    }

    /** Recorded five minutes after it happened, so effective and recorded times differ in the documents. */
    private static Instant recorded(Instant at) {
        return at.plus(Duration.ofMinutes(5));
    }

    private void append(String type, String aggregateId, Object payload, Instant at) {
        long sequence = sequences.merge(aggregateId, 0L, (old, zero) -> old + 1);
        eventStore.publish(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                Map.of("actor", "commander", "correlationId", UUID.randomUUID().toString()),
                UUID.nameUUIDFromBytes((aggregateId + sequence).getBytes(StandardCharsets.UTF_8)).toString(),
                recorded(at)));
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
