package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.instant;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.Report;
import tools.jackson.databind.JsonNode;

/**
 * The status page outlives its database. On a private PostgreSQL server (the shared one stays up for the other
 * tests): open an incident, stop the server for {@link #OUTAGE}, and meanwhile keep reading the front page,
 * {@code /api/status} and {@code summary.json}: every answer is a 200 with the last known status (the affected
 * component never "operational"), marked stale, and quick; a command is refused with a 503 problem within
 * seconds. Then start the server again and let both services recover by themselves: reads turn fresh, commands
 * are accepted, and every event is projected exactly once (rows counted against the events).
 */
class OutageOnPostgresIT {

    static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Each read during the outage must be answered within this (a request deadline); the pool's connection
     *  timeout is 2 s. */
    static final Duration READ_BOUND = Duration.ofSeconds(3);
    /** A command during the outage must be refused within this (a request deadline). */
    static final Duration COMMAND_BOUND = Duration.ofSeconds(5);
    /** By then every read is marked stale: the poller looks every 100 ms, a connection attempt gives up after 2 s. */
    static final Duration STALE_DEADLINE = Duration.ofSeconds(8);
    /** Axon's processors retry a failed batch with back-off (1, 2, 4 ... 60 s): recovery may take a while. */
    static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(120);
    /** Updates posted right before the database goes: some are recorded but not yet projected when it does. */
    static final int UPDATES_BEFORE = 5;

    static final String API = "outage-api";
    static final String DATABASE = "outage-db";
    static final String MAJOR = "major_outage";
    static final String PARTIAL = "partial_outage";
    static final Pattern COMPONENT_ON_PAGE =
            Pattern.compile("data-component-id=\"" + API + "\"\\s+data-status=\"([a-z_]+)\"");

    private final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One read during the outage. */
    record Probe(String path, Instant at, int status, long millis, boolean stale, String apiStatus) {
    }

    @Test
    void theStatusPageAnswersFromMemoryWhileTheDatabaseIsGoneAndBothServicesRecoverByThemselves() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start();
             LedgerCluster cluster = LedgerCluster.postgres().label(getClass().getSimpleName()).on(postgres).start()) {
            Report.line(cluster.startupLine());
            JsonHttp commands = cluster.commands();
            JsonHttp queries = cluster.queries();
            String incident = "outage-" + UUID.randomUUID().toString().substring(0, 8);

            commands.post("/api/components", Map.of("id", API, "name", "API", "group", "Production"))
                    .expectStatus(201);
            commands.post("/api/components", Map.of("id", DATABASE, "name", "Database", "group", "Production"))
                    .expectStatus(201);
            commands.post("/api/incidents", incidentBody(incident)).expectStatus(201);
            await("the incident on /api/status, summary.json and the page").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        JsonNode status = queries.get("/api/status").expectStatus(200).json();
                        assertThat(componentStatus(status.path("components"), API)).isEqualTo(MAJOR);
                        assertThat(elements(status.path("openIncidents")).stream().map(i -> text(i.path("id"))))
                                .contains(incident);
                        JsonNode summary = queries.get("/api/v2/summary.json").expectStatus(200).json();
                        assertThat(componentStatus(summary.path("components"), API)).isEqualTo(MAJOR);
                        assertThat(apiStatusOnPage(page(queries).body())).isEqualTo(MAJOR);
                    });
            for (int i = 1; i <= UPDATES_BEFORE; i++) {
                commands.post("/api/incidents/" + incident + "/updates", Map.of("status", "identified",
                        "message", "Still failing (" + i + ").")).expectStatus(201);
            }

            // ---- the database goes away ----
            postgres.stop();
            Instant stoppedAt = Instant.now();
            List<Probe> probes = new ArrayList<>();
            List<Response> duringOutage = new ArrayList<>();
            List<HttpResponse<String>> incidentPage = new ArrayList<>();
            long[] refusedMillis = {-1};
            // Every read must be answered within READ_BOUND, every command refused within COMMAND_BOUND: deadlines
            // on the requests (a late answer fails the test), not durations measured and asserted afterwards.
            JsonHttp promptQueries = queries.within(READ_BOUND);
            JsonHttp promptCommands = commands.within(COMMAND_BOUND);
            // Reads every 100 ms or so for the length of the outage; once, a command and the health endpoints.
            await("reads through the outage").atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread().until(() -> {
                        probes.add(probeStatus(promptQueries));
                        probes.add(probeSummary(promptQueries));
                        probes.add(probePage(promptQueries));
                        if (duringOutage.isEmpty() && Duration.between(stoppedAt, Instant.now()).toSeconds() >= 3) {
                            long start = System.nanoTime();
                            duringOutage.add(promptCommands.post("/api/incidents/" + incident + "/updates",
                                    Map.of("status", "identified", "message", "Sent while the database is gone.")));
                            refusedMillis[0] = (System.nanoTime() - start) / 1_000_000;
                            duringOutage.add(queries.get("/actuator/health"));
                            duringOutage.add(queries.get("/actuator/health/readiness"));
                            // With an Idempotency-Key the key cannot even be claimed: the same honest 503.
                            duringOutage.add(promptCommands.send("POST", "/api/incidents/" + incident + "/updates",
                                    "{\"status\": \"identified\", \"message\": \"Keyed, while it is gone.\"}",
                                    Map.of("Idempotency-Key", "outage-" + incident)));
                            incidentPage.add(html(queries, "/incidents/" + incident));
                        }
                        return Duration.between(stoppedAt, Instant.now()).compareTo(OUTAGE) >= 0;
                    });
            Duration down = Duration.between(stoppedAt, Instant.now());

            // ---- it comes back ----
            postgres.restart();
            Instant restartedAt = Instant.now();
            List<Probe> recovering = new ArrayList<>();
            await("/api/status fresh again").atMost(RECOVERY_DEADLINE).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread().until(() -> {
                        Probe probe = probeStatus(queries);
                        recovering.add(probe);
                        return probe.status() == 200 && !probe.stale();
                    });
            Instant freshAt = Instant.now();
            await("a command accepted again").atMost(RECOVERY_DEADLINE).pollInterval(Duration.ofMillis(250))
                    .pollInSameThread().until(() -> commands.post("/api/incidents/" + incident + "/updates",
                            Map.of("status", "monitoring", "message", "Recovering.",
                                    "components", Map.of(API, PARTIAL))).status() == 201);
            Instant acceptedAt = Instant.now();
            await("the new update projected and shown").atMost(RECOVERY_DEADLINE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        JsonNode status = queries.get("/api/status").expectStatus(200).json();
                        assertThat(status.path("stale").booleanValue()).isFalse();
                        assertThat(componentStatus(status.path("components"), API)).isEqualTo(PARTIAL);
                        JsonNode summary = queries.get("/api/v2/summary.json").expectStatus(200).json();
                        assertThat(summary.has("stale")).isFalse();
                        assertThat(componentStatus(summary.path("components"), API)).isEqualTo(PARTIAL);
                        String html = page(queries).body();
                        assertThat(html).doesNotContain("data-testid=\"stale-data\"");
                        assertThat(apiStatusOnPage(html)).isEqualTo(PARTIAL);
                    });
            Instant projectedAt = Instant.now();

            // ---- what was measured ----
            List<Probe> all = new ArrayList<>(probes);
            all.addAll(recovering);
            Instant firstStale = all.stream().filter(Probe::stale).map(Probe::at).min(Instant::compareTo).orElse(null);
            Instant lastStale = all.stream().filter(Probe::stale).map(Probe::at).max(Instant::compareTo).orElse(null);
            Map<String, Long> maxMillis = new LinkedHashMap<>();
            probes.forEach(p -> maxMillis.merge(p.path(), p.millis(), Math::max));
            long staleAnswers = probes.stream().filter(Probe::stale).count();
            Report.line("OUTAGE database down %d ms; %d reads during it, %d of them answered stale; "
                            + "stale served for %d ms (first stale answer %d ms after the stop, last %d ms after the "
                            + "restart); max response during the outage %s ms; command refused in %d ms; "
                            + "/api/status fresh %d ms after the restart, first command accepted after %d ms, "
                            + "projected and shown after %d ms",
                    down.toMillis(), probes.size(), staleAnswers,
                    firstStale == null ? -1 : Duration.between(firstStale, lastStale).toMillis(),
                    firstStale == null ? -1 : Duration.between(stoppedAt, firstStale).toMillis(),
                    lastStale == null ? -1 : Duration.between(restartedAt, lastStale).toMillis(),
                    maxMillis, refusedMillis[0], Duration.between(restartedAt, freshAt).toMillis(),
                    Duration.between(restartedAt, acceptedAt).toMillis(),
                    Duration.between(restartedAt, projectedAt).toMillis());

            // Every read during the outage (each answered within READ_BOUND, or it would have failed): a 200 with
            // the last known status.
            assertThat(probes).isNotEmpty().allSatisfy(p -> {
                assertThat(p.status()).as(p.toString()).isEqualTo(200);
                assertThat(p.apiStatus()).as(p.toString()).isEqualTo(MAJOR);
            });
            // Marked stale once the service has noticed, and from then on until the database is back.
            assertThat(firstStale).as("a stale answer").isNotNull();
            assertThat(probes).filteredOn(p -> p.at().isAfter(stoppedAt.plus(STALE_DEADLINE)))
                    .isNotEmpty().allSatisfy(p -> assertThat(p.stale()).as(p.toString()).isTrue());
            assertThat(recovering).allSatisfy(p -> assertThat(p.status()).as(p.toString()).isEqualTo(200));

            // A command is refused at once, saying why, and when to retry.
            assertThat(duringOutage).as("commands and health checks sent during the outage").hasSize(4);
            Response refused = duringOutage.get(0);
            Response health = duringOutage.get(1);
            Response readiness = duringOutage.get(2);
            for (Response command : List.of(refused, duringOutage.get(3))) {
                assertThat(command.status()).as(command.toString()).isEqualTo(503);
                assertThat(command.contentType()).startsWith("application/problem+json");
                assertThat(text(command.json().path("type"))).isEqualTo("/problems/database-unavailable");
                assertThat(command.header("Retry-After")).isPresent();
            }

            // Health tells operators the database is down; readiness stays up so the stale page keeps being routed to.
            assertThat(health.status()).as(health.toString()).isEqualTo(503);
            assertThat(text(health.json().path("components").path("db").path("status"))).isEqualTo("DOWN");
            assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);

            // A page read straight from the database says it is unavailable, as a page.
            assertThat(incidentPage).hasSize(1);
            assertThat(incidentPage.get(0).statusCode()).isEqualTo(503);
            assertThat(incidentPage.get(0).body()).contains("cannot reach its database");

            // Every event projected exactly once: no row lost, none doubled.
            assertProjectedExactlyOnce(postgres, cluster.database(), incident);
            JsonNode detail = queries.get("/api/incidents/" + incident).expectStatus(200).json();
            assertThat(elements(detail.path("updates"))).hasSize(1 + UPDATES_BEFORE + 1);
        }
    }

    private static void assertProjectedExactlyOnce(LocalPostgres postgres, String database, String incident)
            throws SQLException {
        try (Connection db = postgres.connect(database)) {
            long events = count(db, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", incident);
            assertThat(events).as("events of " + incident).isEqualTo(1 + UPDATES_BEFORE + 1);
            assertThat(count(db, "SELECT count(*) FROM incident_update_view WHERE incident_id = ?", incident))
                    .as("timeline rows").isEqualTo(events);
            assertThat(count(db, "SELECT count(DISTINCT sequence) FROM incident_update_view WHERE incident_id = ?",
                    incident)).as("distinct timeline positions").isEqualTo(events);
            assertThat(count(db, "SELECT count(*) FROM projection_change WHERE processor = 'incidents' "
                    + "AND aggregate_id = ?", incident)).as("changes announced").isEqualTo(events);
            assertThat(count(db, "SELECT count(*) FROM component_view WHERE component_id IN (?, ?)", API, DATABASE))
                    .isEqualTo(2);
        }
    }

    private static long count(Connection db, String sql, String... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Object> incidentBody(String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("title", "API errors");
        body.put("impact", "major");
        body.put("message", "Investigating elevated errors.");
        body.put("components", Map.of(API, MAJOR, DATABASE, Map.of("status", PARTIAL, "affectedFraction", 0.3)));
        return body;
    }

    private Probe probeStatus(JsonHttp queries) {
        long start = System.nanoTime();
        Response response = queries.get("/api/status");
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode json = response.json();
        boolean stale = json.path("stale").booleanValue();
        if (stale) {
            assertThat(instant(json.path("lastGoodDataAt"))).as(response.toString()).isNotNull();
        }
        return new Probe("/api/status", Instant.now(), response.status(), millis, stale,
                componentStatus(json.path("components"), API));
    }

    private Probe probeSummary(JsonHttp queries) {
        long start = System.nanoTime();
        Response response = queries.get("/api/v2/summary.json");
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode json = response.json();
        boolean stale = json.has("stale");
        if (stale) {
            assertThat(instant(json.path("stale").path("last_good_data_at"))).as(response.toString()).isNotNull();
            assertThat(json.has("page") && json.has("components") && json.has("status")).isTrue();
        }
        return new Probe("/api/v2/summary.json", Instant.now(), response.status(), millis, stale,
                componentStatus(json.path("components"), API));
    }

    private Probe probePage(JsonHttp queries) {
        long start = System.nanoTime();
        HttpResponse<String> response = html(queries, "/", READ_BOUND);
        long millis = (System.nanoTime() - start) / 1_000_000;
        String html = response.body();
        return new Probe("/", Instant.now(), response.statusCode(), millis,
                html.contains("data-testid=\"stale-data\""), apiStatusOnPage(html));
    }

    private HttpResponse<String> page(JsonHttp queries) {
        return html(queries, "/");
    }

    private HttpResponse<String> html(JsonHttp queries, String path) {
        return html(queries, path, Duration.ofSeconds(30));
    }

    private HttpResponse<String> html(JsonHttp queries, String path, Duration deadline) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(queries.baseUrl() + path))
                .timeout(deadline).header("Accept", "text/html").GET().build();
        try {
            return browser.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String apiStatusOnPage(String html) {
        Matcher matcher = COMPONENT_ON_PAGE.matcher(html);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String componentStatus(JsonNode components, String id) {
        return elements(components).stream().filter(c -> id.equals(text(c.path("id"))))
                .map(c -> text(c.path("status"))).findFirst().orElse(null);
    }
}
