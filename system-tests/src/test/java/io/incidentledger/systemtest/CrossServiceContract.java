package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.instant;
import static io.incidentledger.systemtest.support.JsonHttp.longValue;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LatencyStats;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.Report;
import tools.jackson.databind.JsonNode;

/**
 * What must hold across the two services whatever the database: commands go to command-service, their effects
 * are read from query-service once projected. Every scenario uses its own component and incident ids, so they
 * share one cluster per concrete class, and waits for projections with Awaitility deadlines (never sleeps).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CrossServiceContract {

    /** How long a command's effect may take to show on the query side before a scenario fails. */
    static final Duration PROJECTION_DEADLINE = Duration.ofSeconds(30);
    /** Scenario (e): how many sequential commands are timed (the latency is reported, not asserted). */
    static final int LATENCY_COMMANDS = Integer.getInteger("incident-ledger.latency.commands", 200);

    static final String MAJOR = "major_outage";
    static final String PARTIAL = "partial_outage";
    static final String DEGRADED = "degraded_performance";
    static final String MAINTENANCE = "under_maintenance";
    static final String OPERATIONAL = "operational";

    private LedgerCluster cluster;
    protected JsonHttp commands;
    protected JsonHttp queries;

    /** The cluster under test, once started. */
    protected LedgerCluster cluster() {
        return cluster;
    }

    /** Starts the cluster under test; called once per class. */
    protected abstract LedgerCluster startCluster();

    @BeforeAll
    void startServices() {
        cluster = startCluster();
        commands = cluster.commands();
        queries = cluster.queries();
        Report.line(cluster.startupLine());
    }

    @AfterAll
    void stopServices() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---- (a) ---------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void anIncidentDeclaringAComponentDownShowsOnTheStatusPage() {
        String component = registerComponent("Routing (a)");
        awaitProjection("component " + component + " listed as operational").untilAsserted(() ->
                assertThat(componentStatus(status(), component)).isEqualTo(OPERATIONAL));

        String incident = openIncident(incidentBody("Routing is down", "major", "Requests are failing.",
                Map.of(component, MAJOR)));

        awaitProjection("status shows " + component + " major_outage and the incident open").untilAsserted(() -> {
            JsonNode status = status();
            assertThat(componentStatus(status, component)).isEqualTo(MAJOR);
            assertThat(openIncidentIds(status)).contains(incident);
        });
        awaitProjection("incident detail " + incident).untilAsserted(() -> {
            Response detail = queries.get("/api/incidents/" + incident).expectStatus(200);
            assertThat(text(detail.json().path("id"))).isEqualTo(incident);
            assertThat(text(detail.json().path("impact"))).isEqualTo("major");
            assertThat(text(detail.json().path("status"))).isNotEqualTo("resolved");
        });
        // What query-service reports as Aggregate-Version is what command-service takes as If-Match.
        String version = queries.get("/api/incidents/" + incident).expectStatus(200).header("Aggregate-Version")
                .orElseThrow();
        assertThat(version).isEqualTo("0");
        Response updated = commands.send("POST", "/api/incidents/" + incident + "/updates",
                JsonHttp.MAPPER.writeValueAsString(Map.of("status", "identified", "message", "Cause found.")),
                Map.of("If-Match", "\"" + version + "\"")).expectStatus(201);
        assertThat(updated.header("ETag")).contains("\"1\"");

        resolve(incident, "Routing recovered.");
        awaitProjection("status shows " + component + " operational again, incident closed").untilAsserted(() -> {
            JsonNode status = status();
            assertThat(componentStatus(status, component)).isEqualTo(OPERATIONAL);
            assertThat(openIncidentIds(status)).doesNotContain(incident);
        });
    }

    // ---- (b) ---------------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void overlappingIncidentsShowTheWorstStatusAndFallBackWhenOneResolves() {
        String component = registerComponent("Builds (b)");
        String outage = openIncident(incidentBody("Builds are down", "major", "No build completes.",
                Map.of(component, MAJOR)));
        String slowness = openIncident(incidentBody("Builds are slow", "minor", "Builds take twice as long.",
                Map.of(component, DEGRADED)));

        awaitProjection("both incidents open, " + component + " at the worst of them").untilAsserted(() -> {
            JsonNode status = status();
            assertThat(openIncidentIds(status)).contains(outage, slowness);
            assertThat(componentStatus(status, component)).isEqualTo(MAJOR);
        });

        resolve(outage, "Builds complete again.");
        awaitProjection(component + " falls back to the other incident's degraded_performance").untilAsserted(() -> {
            JsonNode status = status();
            assertThat(openIncidentIds(status)).doesNotContain(outage).contains(slowness);
            assertThat(componentStatus(status, component)).isEqualTo(DEGRADED);
        });

        resolve(slowness, "Build times are back to normal.");
        awaitProjection(component + " operational once no incident declares it").untilAsserted(() -> {
            JsonNode status = status();
            assertThat(openIncidentIds(status)).doesNotContain(outage, slowness);
            assertThat(componentStatus(status, component)).isEqualTo(OPERATIONAL);
        });
    }

    // ---- (c) ---------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void aBackdatedIncidentsDowntimeIsExactlyTheHandComputedSeconds() {
        String web = registerComponent("Web (c)");
        String queue = registerComponent("Queue (c)");
        Instant t0 = Instant.parse("2024-03-01T10:00:00Z");
        Instant t1 = t0.plus(Duration.ofMinutes(30));   // 10:30
        Instant t2 = t0.plus(Duration.ofMinutes(75));   // 11:15
        Instant t3 = t0.plus(Duration.ofHours(2));      // 12:00
        String tag = shortId();

        Map<String, Object> open = incidentBody("Web outage " + tag, "critical", "Web is down " + tag,
                Map.of(web, MAJOR));
        open.put("status", "investigating");
        open.put("at", t0.toString());
        String incident = openIncident(open);

        // Every update restates every component the incident has declared, so merge-or-replace does not matter.
        postUpdate(incident, Map.of("status", "identified", "message", "Cause found " + tag, "at", t1.toString(),
                "components", Map.of(web, PARTIAL,
                        queue, Map.of("status", DEGRADED, "affectedFraction", 1.0))));
        postUpdate(incident, Map.of("status", "monitoring", "message", "Fix deployed " + tag, "at", t2.toString(),
                "components", Map.of(web, DEGRADED, queue, OPERATIONAL)));
        commands.post("/api/incidents/" + incident + "/resolve",
                Map.of("message", "All clear " + tag, "at", t3.toString())).expectStatus(200);

        // By hand: web major 10:00-10:30 (1800 s), partial 10:30-11:15 (2700 s), degraded 11:15-12:00 (2700 s);
        // queue degraded 10:30-11:15 (2700 s), then operational.
        Map<String, Long> webExpected = seconds(1800, 2700, 2700, 0);
        Map<String, Long> queueExpected = seconds(0, 0, 2700, 0);

        JsonNode downtime = awaitJson("downtime of resolved incident " + incident,
                "/api/incidents/" + incident + "/downtime", node -> "false".equals(text(node.path("ongoing"))));
        assertThat(text(downtime.path("incidentId"))).isEqualTo(incident);
        assertThat(instant(downtime.path("startedAt"))).isEqualTo(t0);
        assertThat(instant(downtime.path("resolvedAt"))).isEqualTo(t3);
        assertThat(secondsOf(downtime, web)).as("web seconds").isEqualTo(webExpected);
        assertThat(secondsOf(downtime, queue)).as("queue seconds").isEqualTo(queueExpected);
        assertThat(longValue(componentOf(downtime, web).path("impactedSeconds"))).isEqualTo(7200);
        assertThat(longValue(componentOf(downtime, queue).path("impactedSeconds"))).isEqualTo(2700);

        JsonNode detail = awaitJson("detail of resolved incident " + incident, "/api/incidents/" + incident,
                node -> "resolved".equals(text(node.path("status"))));
        assertThat(instant(detail.path("startedAt"))).isEqualTo(t0);
        assertThat(instant(detail.path("resolvedAt"))).isEqualTo(t3);
        assertThat(longValue(detail.path("durationSeconds"))).isEqualTo(7200);

        // Newest first: of the messages we posted, those listed come in reverse order of posting.
        List<String> postedOldestFirst = List.of("Web is down " + tag, "Cause found " + tag, "Fix deployed " + tag,
                "All clear " + tag);
        List<String> listed = new ArrayList<>();
        List<Instant> listedAts = new ArrayList<>();
        for (JsonNode update : elements(detail.path("updates"))) {
            String message = text(update.path("message"));
            if (postedOldestFirst.contains(message)) {
                listed.add(message);
            }
            Instant at = instant(update.path("at"));
            if (at != null) {
                listedAts.add(at);
            }
        }
        assertThat(listed).as("updates of " + detail)
                .contains("Cause found " + tag, "Fix deployed " + tag)
                .isSortedAccordingTo((a, b) -> Integer.compare(postedOldestFirst.indexOf(b),
                        postedOldestFirst.indexOf(a)));
        assertThat(listedAts).as("update times, newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));

        // The period report over exactly the incident's two hours. Strict: partial counts as down, so web was
        // down 1800 + 2700 of 7200 s (37.5 % up); statuspage: partial weighs 0.3, so 1800 + 810 s (63.75 % up).
        // Degraded performance is up under every profile: the queue stays at 100 %.
        for (Map.Entry<String, Double> profile : Map.of("strict", 37.5, "statuspage", 63.75).entrySet()) {
            Response report = queries.get("/api/downtime?from=" + t0 + "&to=" + t3 + "&profile=" + profile.getKey())
                    .expectStatus(200);
            JsonNode webRow = componentOf(report.json(), web);
            assertThat(secondsOf(report.json(), web)).as("web seconds in " + report).isEqualTo(webExpected);
            assertThat(webRow.path("uptimePercent").asDouble()).as("web uptime, " + profile.getKey())
                    .isCloseTo(profile.getValue(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(componentOf(report.json(), queue).path("uptimePercent").asDouble())
                    .as("queue uptime, " + profile.getKey()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    // ---- (g) ---------------------------------------------------------------------------------------------------

    /**
     * A maintenance recorded after the fact, with an incident inside its window, on each database: 10:00-12:00
     * maintenance, 10:30-11:00 an incident's partial outage. The partial half hour shows and counts; the other
     * 1h30 is maintenance, up in every profile. Then one running now: the component shows under maintenance and
     * the Statuspage files list it as in progress.
     */
    @Test
    @Order(3)
    void aMaintenanceJoinsTheWorstOfRuleAndCountsAsUp() {
        String db = registerComponent("Database (g)");
        Instant t0 = Instant.parse("2024-04-01T10:00:00Z");
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("title", "Database upgrade (g)");
        plan.put("message", "We upgrade the database.");
        plan.put("at", t0.minus(Duration.ofDays(1)).toString());
        plan.put("components", List.of(db));
        plan.put("scheduledFor", t0.toString());
        plan.put("scheduledUntil", t0.plus(Duration.ofHours(2)).toString());
        plan.put("autoStart", false);
        plan.put("autoComplete", false);
        Response scheduled = commands.post("/api/maintenances", plan).expectStatus(201);
        String maintenance = text(scheduled.json().path("id"));
        assertThat(scheduled.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/maintenances/" + maintenance));
        commands.post("/api/maintenances/" + maintenance + "/start", Map.of("at", t0.toString())).expectStatus(200);
        Map<String, Object> incident = incidentBody("Replica lag (g)", "minor", "Reads are stale.",
                Map.of(db, PARTIAL));
        incident.put("at", t0.plus(Duration.ofMinutes(30)).toString());
        String lag = openIncident(incident);
        commands.post("/api/incidents/" + lag + "/resolve", Map.of("message", "Caught up.",
                "at", t0.plus(Duration.ofMinutes(60)).toString())).expectStatus(200);
        commands.post("/api/maintenances/" + maintenance + "/complete", Map.of("message", "Done.",
                "at", t0.plus(Duration.ofHours(2)).toString())).expectStatus(200);

        JsonNode detail = awaitJson("maintenance " + maintenance + " completed", "/api/maintenances/" + maintenance,
                node -> "completed".equals(text(node.path("status"))));
        assertThat(instant(detail.path("startedAt"))).isEqualTo(t0);
        String from = t0.truncatedTo(java.time.temporal.ChronoUnit.DAYS).toString();
        String to = t0.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1)).toString();
        for (String profile : List.of("statuspage", "strict", "weighted")) {
            JsonNode downtime = awaitJson("downtime of " + db + " with the incident projected",
                    "/api/downtime?from=" + from + "&to=" + to + "&profile=" + profile,
                    node -> secondsOf(node, db).get(PARTIAL) > 0);
            assertThat(secondsOf(downtime, db)).as(profile).isEqualTo(seconds(0, 1800, 0, 5400));
            double partialWeight = profile.equals("strict") ? 1.0 : 0.3;
            assertThat(componentOf(downtime, db).path("uptimePercent").asDouble()).as("uptime, " + profile)
                    .isCloseTo(100.0 * (1 - partialWeight * 1800 / 86400.0), org.assertj.core.data.Offset.offset(0.01));
        }
        // The Statuspage documents are rebuilt from the committed projections within a poll interval of the
        // change, not in the same instant as the read model the detail above comes from: wait for them too.
        awaitProjection(maintenance + " completed in scheduled-maintenances.json").untilAsserted(() -> {
            JsonNode listed = queries.get("/api/v2/scheduled-maintenances.json").expectStatus(200).json();
            assertThat(elements(listed.path("scheduled_maintenances")).stream()
                    .filter(m -> maintenance.equals(text(m.path("id")))).map(m -> text(m.path("status"))))
                    .containsExactly("completed");
        });

        Map<String, Object> now = new LinkedHashMap<>(plan);
        now.remove("at");
        now.put("title", "Database failover (g)");
        now.put("scheduledFor", Instant.now().plus(Duration.ofMinutes(10)).toString());
        now.put("scheduledUntil", Instant.now().plus(Duration.ofMinutes(40)).toString());
        String running = text(commands.post("/api/maintenances", now).expectStatus(201).json().path("id"));
        commands.post("/api/maintenances/" + running + "/start", Map.of("message", "Started early.")).expectStatus(200);
        awaitProjection(db + " under maintenance, " + running + " active").untilAsserted(() -> {
            assertThat(componentStatus(status(), db)).isEqualTo(MAINTENANCE);
            JsonNode active = queries.get("/api/v2/scheduled-maintenances/active.json").expectStatus(200).json();
            assertThat(elements(active.path("scheduled_maintenances")).stream()
                    .filter(m -> running.equals(text(m.path("id")))).map(m -> text(m.path("status"))))
                    .containsExactly("in_progress");
            JsonNode summary = queries.get("/api/v2/summary.json").expectStatus(200).json();
            assertThat(elements(summary.path("scheduled_maintenances"))).extracting(m -> text(m.path("id")))
                    .contains(running);
        });
        commands.post("/api/maintenances/" + running + "/complete", Map.of()).expectStatus(200);
        awaitProjection(db + " operational again").untilAsserted(() ->
                assertThat(componentStatus(status(), db)).isEqualTo(OPERATIONAL));
    }

    // ---- (d) ---------------------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void aRejectedCommandIsAProblemAndLeavesNoTraceOnTheQuerySide() {
        String ghost = "ghost-" + shortId();
        String badTitle = "Incident on a component that does not exist " + shortId();
        Response rejected = commands.post("/api/incidents",
                incidentBody(badTitle, "major", "Should be refused.", Map.of(ghost, MAJOR)));
        assertProblem(rejected);

        Response badImpact = commands.post("/api/incidents",
                incidentBody("Bad impact " + shortId(), "catastrophic", "Should be refused.", Map.of()));
        assertProblem(badImpact);

        Response unknownIncident = commands.post("/api/incidents/no-such-incident-" + shortId() + "/updates",
                Map.of("status", "identified", "message", "Should be refused."));
        assertProblem(unknownIncident);

        Response notProjected = queries.get("/api/incidents/no-such-incident-" + shortId());
        assertThat(notProjected.status()).as(notProjected.toString()).isEqualTo(404);
        assertThat(notProjected.contentType()).as(notProjected.toString()).startsWith("application/problem+json");

        // A barrier: a good command issued after the bad ones. Once its effect shows, the bad ones had their chance.
        String marker = registerComponent("Marker (d)");
        String markerIncident = openIncident(incidentBody("Marker " + shortId(), "minor", "Marker.",
                Map.of(marker, DEGRADED)));
        awaitProjection("marker incident projected").untilAsserted(() ->
                assertThat(openIncidentIds(status())).contains(markerIncident));

        JsonNode status = status();
        assertThat(findComponent(status, ghost)).as("unknown component on the status page").isEmpty();
        assertThat(elements(status.path("openIncidents")))
                .as("open incidents").noneMatch(i -> badTitle.equals(text(i.path("title"))));
        resolve(markerIncident, "Marker done.");
    }

    // ---- (f) ---------------------------------------------------------------------------------------------------

    @Test
    @Order(6)
    void bothServicesDocumentTheirApiAndReportHealth() {
        JsonNode commandApi = commands.get("/v3/api-docs").expectStatus(200).json();
        assertThat(fieldNames(commandApi.path("paths"))).as("command-service OpenAPI paths")
                .contains("/api/components", "/api/incidents", "/api/incidents/{id}/updates",
                        "/api/incidents/{id}/resolve");
        JsonNode queryApi = queries.get("/v3/api-docs").expectStatus(200).json();
        assertThat(fieldNames(queryApi.path("paths"))).as("query-service OpenAPI paths")
                .contains("/api/status", "/api/incidents", "/api/incidents/{id}", "/api/incidents/{id}/downtime",
                        "/api/downtime", "/api/components/{id}/uptime");

        assertThat(text(commands.get("/actuator/health").expectStatus(200).json().path("status"))).isEqualTo("UP");
        JsonNode queryHealth = queries.get("/actuator/health").expectStatus(200).json();
        assertThat(text(queryHealth.path("status"))).isEqualTo("UP");
        assertThat(text(queryHealth.path("components").path("projections").path("status")))
                .as("projection processors in query-service health").isEqualTo("UP");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    // ---- (e) ---------------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void commandToStatusLatency() {
        String component = registerComponent("Flapping (e)");
        String incident = openIncident(incidentBody("Flapping " + shortId(), "minor", "Flapping starts.",
                Map.of(component, DEGRADED)));
        awaitProjection("flapping incident projected").untilAsserted(() ->
                assertThat(componentStatus(status(), component)).isEqualTo(DEGRADED));

        LatencyStats stats = new LatencyStats();
        for (int i = 0; i < LATENCY_COMMANDS; i++) {
            String target = i % 2 == 0 ? PARTIAL : DEGRADED;
            commands.post("/api/incidents/" + incident + "/updates", Map.of("status", "identified",
                    "message", "flap " + i, "components", Map.of(component, target))).expectStatus(201);
            long acknowledged = System.nanoTime();
            AtomicLong visible = new AtomicLong();
            await("command " + i + ": " + component + " " + target + " visible on /api/status")
                    .atMost(PROJECTION_DEADLINE)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .pollInSameThread()
                    .until(() -> {
                        boolean seen = target.equals(componentStatus(status(), component));
                        if (seen) {
                            visible.set(System.nanoTime());
                        }
                        return seen;
                    });
            stats.add(Duration.ofNanos(visible.get() - acknowledged));
        }
        resolve(incident, "Flapping stopped.");

        Report.line("LATENCY command->status over %d commands: %s (backend=%s)", stats.count(), stats.summary(),
                cluster.backend().label());
        // Each change had to be visible within PROJECTION_DEADLINE (the await above); how fast it was is
        // reported, not asserted: a test never gates on a measured duration (the benchmarks hold the targets).
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static ConditionFactory awaitProjection(String what) {
        return await(what).atMost(PROJECTION_DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a component with a fresh id ({@code c-xxxxxxxx}); returns the id. */
    String registerComponent(String name) {
        String id = "c-" + shortId();
        Response response = commands.post("/api/components",
                Map.of("id", id, "name", name + " " + id, "group", "System tests"));
        response.expectStatus(201);
        assertThat(text(response.json().path("id"))).as(response.toString()).isEqualTo(id);
        return id;
    }

    static Map<String, Object> incidentBody(String title, String impact, String message, Map<String, ?> components) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("impact", impact);
        body.put("message", message);
        body.put("components", components);
        return body;
    }

    /** POST /api/incidents, expecting 201 with a Location of the new incident; returns its id. */
    String openIncident(Map<String, Object> body) {
        Response response = commands.post("/api/incidents", body).expectStatus(201);
        String id = text(response.json().path("id"));
        assertThat(id).as(response.toString()).isNotBlank();
        assertThat(response.header("Location")).as("Location of " + response).hasValueSatisfying(location ->
                assertThat(location).endsWith("/api/incidents/" + id));
        return id;
    }

    void postUpdate(String incident, Map<String, Object> body) {
        Response response = commands.post("/api/incidents/" + incident + "/updates", body).expectStatus(201);
        assertThat(text(response.json().path("id"))).as(response.toString()).isEqualTo(incident);
        assertThat(text(response.json().path("updateId"))).as(response.toString()).isNotBlank();
    }

    void resolve(String incident, String message) {
        commands.post("/api/incidents/" + incident + "/resolve", Map.of("message", message)).expectStatus(200);
    }

    JsonNode status() {
        return queries.get("/api/status").expectStatus(200).json();
    }

    static Optional<JsonNode> findComponent(JsonNode status, String componentId) {
        return elements(status.path("components")).stream()
                .filter(c -> componentId.equals(text(c.path("id"))))
                .findFirst();
    }

    /** The component's status on the status page, or null while it is not listed. */
    static String componentStatus(JsonNode status, String componentId) {
        return findComponent(status, componentId).map(c -> text(c.path("status"))).orElse(null);
    }

    /** Ids of {@code openIncidents}, whether listed as objects with an {@code id} or as bare ids. */
    static List<String> openIncidentIds(JsonNode status) {
        List<String> ids = new ArrayList<>();
        for (JsonNode incident : elements(status.path("openIncidents"))) {
            ids.add(incident.isObject() ? text(incident.path("id")) : text(incident));
        }
        return ids;
    }

    /** GET {@code path} until it answers 200 with a body satisfying {@code ready}; returns that body. */
    JsonNode awaitJson(String what, String path, java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] result = new JsonNode[1];
        awaitProjection(what).until(() -> {
            Response response = queries.get(path);
            if (response.status() == 200 && ready.test(response.json())) {
                result[0] = response.json();
                return true;
            }
            return false;
        });
        return result[0];
    }

    static Map<String, Long> seconds(long major, long partial, long degraded, long maintenance) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put(MAJOR, major);
        map.put(PARTIAL, partial);
        map.put(DEGRADED, degraded);
        map.put(MAINTENANCE, maintenance);
        return map;
    }

    /** The {@code seconds} of one component in a downtime answer, as a map with the four status keys. */
    static Map<String, Long> secondsOf(JsonNode downtime, String componentId) {
        JsonNode seconds = componentOf(downtime, componentId).path("seconds");
        return seconds(longValue(seconds.path(MAJOR)), longValue(seconds.path(PARTIAL)),
                longValue(seconds.path(DEGRADED)), longValue(seconds.path(MAINTENANCE)));
    }

    /** The entry of {@code components} with this {@code componentId}, in a downtime answer or report. */
    static JsonNode componentOf(JsonNode downtime, String componentId) {
        return elements(downtime.path("components")).stream()
                .filter(c -> componentId.equals(text(c.path("componentId"))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no component " + componentId + " in " + downtime));
    }

    static void assertProblem(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode status = response.json().path("status");
        if (!status.isMissingNode()) {
            assertThat(longValue(status)).as("problem status member of " + response).isEqualTo(response.status());
        }
    }
}
