package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.incidentledger.systemtest.support.AtOnce;
import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceProcess;

/**
 * Commands racing for one aggregate through two command-service instances sharing one database (the scale-out
 * topology; on H2 the second instance reaches the file through the first one's auto-server), with query-service
 * beside them. On one instance Axon's aggregate lock serialises them; across instances they meet at the event
 * store's unique (aggregate, sequence) key, and the loser is retried inside the service. What a client sees:
 * unconditional commands all succeed, once each; commands with {@code If-Match} have one winner per version and
 * the rest get 412; nothing is ever a 5xx. The event store, read over JDBC, is the proof.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CommandRacesContract {

    static final int CLIENTS = 8;
    static final int UNCONDITIONAL = 128;
    static final int CONDITIONAL = 64;
    static final Duration SUSTAINED = Duration.ofSeconds(Long.getLong("incident-ledger.sustained-load.seconds", 20));
    static final Pattern UPDATE_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"(Update \\d+\\.)\"");

    private LedgerCluster cluster;
    private ServiceProcess secondInstance;
    /** {@value #CLIENTS} clients, each with its own HTTP connections; client i talks to instance i % 2. */
    private final List<JsonHttp> clients = new ArrayList<>();
    private JsonHttp queries;

    protected abstract LedgerCluster.Builder cluster();

    @BeforeAll
    void startTwoCommandInstancesAndQueryService() {
        cluster = cluster().label(getClass().getSimpleName()).start();
        secondInstance = ServiceProcess.start(getClass().getSimpleName() + "-command-service-2",
                RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE), FreePorts.next(), cluster.databaseArgs(),
                ServiceProcess.DEFAULT_START_DEADLINE);
        List<String> instances = List.of(cluster.commandService().baseUrl(), secondInstance.baseUrl());
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new JsonHttp(instances.get(i % 2)));
        }
        queries = cluster.queries();
    }

    @AfterAll
    void stop() {
        if (secondInstance != null) {
            secondInstance.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String db() {
        return cluster.backend().label();
    }

    @Test
    void unconditionalUpdatesFromEightClientsOnTwoInstancesAllLandExactlyOnce() throws Exception {
        String incident = open("crowd");
        String keyPrefix = "crowd-" + UUID.randomUUID() + "-";
        long started = System.nanoTime();
        // Half of them carry an Idempotency-Key, so both paths through the service race.
        List<Response> answers = race(UNCONDITIONAL, i -> clients.get(i % CLIENTS).send("POST",
                "/api/incidents/" + incident + "/updates",
                "{\"status\": \"identified\", \"message\": \"Update " + i + ".\"}",
                i % 2 == 0 ? Map.of("Idempotency-Key", keyPrefix + i) : Map.of()));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        Report.line("RACE %s: %d unconditional updates of one incident from %d clients on 2 instances -> %s in %d ms",
                db(), UNCONDITIONAL, CLIENTS, countByStatus(answers), millis);
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
        assertThat(answers.stream().map(r -> r.json().path("version").asLong()).sorted().toList())
                .as("each update answered with its own version")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, UNCONDITIONAL).boxed().toList());

        Map<Long, Long> perSequence = eventsPerSequence(incident);
        assertThat(perSequence.values()).as("events per sequence number").containsOnly(1L);
        assertThat(perSequence.keySet()).as("opened, then one event per update")
                .containsExactlyElementsOf(LongStream.rangeClosed(0, UNCONDITIONAL).boxed().toList());
        List<String> stored = updateMessages(incident);
        assertThat(stored).as("every update's message is in the history exactly once")
                .hasSize(UNCONDITIONAL).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, UNCONDITIONAL)
                        .mapToObj(i -> "Update " + i + ".").toList());
    }

    @Test
    void conditionalUpdatesNamingOneVersionHaveOneWinnerAndTheRestAre412() throws Exception {
        String incident = open("conditional");
        List<Response> answers = race(CONDITIONAL, i -> clients.get(i % CLIENTS).send("POST",
                "/api/incidents/" + incident + "/updates",
                "{\"status\": \"identified\", \"message\": \"Update " + i + ".\"}", Map.of("If-Match", "\"0\"")));

        Report.line("RACE %s: %d updates with If-Match \"0\" on 2 instances -> %s", db(), CONDITIONAL,
                countByStatus(answers));
        assertThat(answers).filteredOn(r -> r.status() == 201).as("winners").hasSize(1);
        assertThat(answers).filteredOn(r -> r.status() == 412).as("refused as stale").hasSize(CONDITIONAL - 1)
                .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/problem+json"));
        assertThat(eventsPerSequence(incident)).containsExactly(Map.entry(0L, 1L), Map.entry(1L, 1L));
    }

    @Test
    void concurrentResolvesGiveExactlyOneSuccessAndNoServerError() throws Exception {
        String incident = open("resolves");
        List<Response> answers = race(CONDITIONAL, i -> clients.get(i % CLIENTS).send("POST",
                "/api/incidents/" + incident + "/resolve", "{\"message\": \"Fixed.\"}",
                i % 4 < 2 ? Map.of("If-Match", "\"0\"") : Map.of()));

        Report.line("RACE %s: %d resolves (half with If-Match) on 2 instances -> %s", db(), CONDITIONAL,
                countByStatus(answers));
        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
        // The losers learn why: the version they named is gone (412), or the incident is already resolved (409).
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 409, 412));
        assertThat(eventsPerSequence(incident)).containsExactly(Map.entry(0L, 1L), Map.entry(1L, 1L));
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyOnBothInstancesActOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            String key = "race-key-" + UUID.randomUUID();
            // No id: the server chooses one, so acting twice would open a second incident.
            String body = "{\"title\": \"Retried\", \"impact\": \"minor\", \"message\": \"Retried.\"}";
            long before = count("SELECT COUNT(*) FROM domainevententry");

            List<Response> answers = race(16, i -> clients.get(i % CLIENTS).send("POST", "/api/incidents", body,
                    Map.of("Idempotency-Key", key)));

            Report.line("IDEMPOTENCY %s round %d: 16 retries with one key on 2 instances -> %s", db(), round,
                    countByStatus(answers));
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
            List<Response> created = answers.stream().filter(r -> r.status() == 201).toList();
            assertThat(created).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.rawBody()).isEqualTo(created.get(0).rawBody()));
            assertThat(created).filteredOn(r -> r.header("Idempotent-Replayed").isEmpty()).as("acted on").hasSize(1);
            assertThat(answers).filteredOn(r -> r.status() == 409).allSatisfy(r -> {
                assertThat(text(r.json().path("type"))).isEqualTo("/problems/idempotency-key-in-use");
                assertThat(r.header("Retry-After")).isPresent();
            });
            assertThat(count("SELECT COUNT(*) FROM domainevententry")).as("events appended").isEqualTo(before + 1);
            assertThat(count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = '" + key + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aRefusalWithAKeyIsRecordedAndReplayedOnTheOtherInstance() {
        String incident = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> keyed = Map.of("Idempotency-Key", "refusal-" + UUID.randomUUID());
        String resolve = "/api/incidents/" + incident + "/resolve";

        Response first = clients.get(0).send("POST", resolve, "{\"message\": \"Fixed.\"}", keyed).expectStatus(404);
        clients.get(1).post("/api/incidents", Map.of("id", incident, "title", "Late", "impact", "minor",
                "message", "Opened.")).expectStatus(201);
        Response again = clients.get(1).send("POST", resolve, "{\"message\": \"Fixed.\"}", keyed).expectStatus(404);

        assertThat(again.rawBody()).isEqualTo(first.rawBody());
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        Response other = clients.get(0).send("POST", resolve, "{\"message\": \"Other.\"}", keyed).expectStatus(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
    }

    /**
     * A minute of mixed load: writers open and resolve incidents on both instances (every command with its own
     * Idempotency-Key), readers fetch the page and summary.json. No answer is a 5xx, and every acknowledged
     * command is in the event store and, once projected, on the query side.
     */
    @Test
    void sustainedMixedLoadHasNoServerErrorAndLosesNoAcknowledgedCommand() throws Exception {
        int writers = 4;
        int readers = 2;
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>(); // incident -> resolved acknowledged
        Map<String, Map<Integer, Long>> statuses = new ConcurrentHashMap<>();
        List<Response> serverErrors = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int w = 0; w < writers; w++) {
            JsonHttp client = clients.get(w);
            int writer = w;
            workers.add(CompletableFuture.runAsync(() -> {
                for (int n = 0; running.get(); n++) {
                    String incident = "load-" + run + "-" + writer + "-" + n;
                    Response opened = client.send("POST", "/api/incidents", "{\"id\": \"" + incident
                                    + "\", \"title\": \"Load " + n + "\", \"impact\": \"minor\", \"message\": \"Opened.\"}",
                            Map.of("Idempotency-Key", incident + "-open"));
                    tally(statuses, "open", opened, serverErrors);
                    if (opened.status() != 201) {
                        continue;
                    }
                    acknowledged.put(incident, false);
                    Response resolved = client.send("POST", "/api/incidents/" + incident + "/resolve",
                            "{\"message\": \"Resolved.\"}", Map.of("Idempotency-Key", incident + "-resolve"));
                    tally(statuses, "resolve", resolved, serverErrors);
                    if (resolved.status() == 200) {
                        acknowledged.put(incident, true);
                    }
                }
            }, pool));
        }
        for (int r = 0; r < readers; r++) {
            workers.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    tally(statuses, "page", queries.send("GET", "/", null, Map.of("Accept", "text/html")),
                            serverErrors);
                    tally(statuses, "summary.json", queries.get("/api/v2/summary.json"), serverErrors);
                }
            }, pool));
        }
        try {
            await("sustained load").pollDelay(SUSTAINED).atMost(SUSTAINED.plusSeconds(5))
                    .until(() -> workers.stream().noneMatch(CompletableFuture::isCompletedExceptionally));
        } finally {
            running.set(false);
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            pool.shutdownNow();
        }

        long resolvedCount = acknowledged.values().stream().filter(Boolean::booleanValue).count();
        Report.line("LOAD %s: %d s, %d writers on 2 instances, %d readers -> %s; %d incidents opened, %d resolved",
                db(), SUSTAINED.toSeconds(), writers, readers, new TreeMap<>(statuses), acknowledged.size(),
                resolvedCount);
        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(acknowledged).as("incidents opened").isNotEmpty();
        assertThat(statuses.get("page")).as("page answers").containsOnlyKeys(200);
        assertThat(statuses.get("summary.json")).as("summary.json answers").containsOnlyKeys(200);

        Map<String, Long> stored = new LinkedHashMap<>();
        try (Connection connection = cluster.connect();
             PreparedStatement query = connection.prepareStatement("SELECT aggregateidentifier, COUNT(*) "
                     + "FROM domainevententry WHERE aggregateidentifier LIKE ? GROUP BY aggregateidentifier")) {
            query.setString(1, "load-" + run + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        acknowledged.forEach((incident, resolved) -> assertThat(stored.get(incident))
                .as("events of acknowledged incident %s", incident).isEqualTo(resolved ? 2L : 1L));
        await("every acknowledged incident projected").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> acknowledged.forEach((incident, resolved) -> {
                    Response detail = queries.get("/api/incidents/" + incident);
                    assertThat(detail.status()).as(incident).isEqualTo(200);
                    if (resolved) {
                        assertThat(text(detail.json().path("status"))).as(incident).isEqualTo("resolved");
                    }
                }));
    }

    private static void tally(Map<String, Map<Integer, Long>> statuses, String kind, Response answer,
                              List<Response> serverErrors) {
        statuses.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).merge(answer.status(), 1L, Long::sum);
        if (answer.status() >= 500) {
            serverErrors.add(answer);
        }
    }

    private String open(String prefix) {
        String incident = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        clients.get(0).post("/api/incidents", Map.of("id", incident, "title", "Race", "impact", "minor",
                "message", "Investigating.")).expectStatus(201);
        return incident;
    }

    private static List<Response> race(int n, IntFunction<Response> request) throws Exception {
        return AtOnce.send(n, request);
    }

    private Map<Long, Long> eventsPerSequence(String aggregate) throws SQLException {
        Map<Long, Long> counts = new LinkedHashMap<>();
        try (Connection connection = cluster.connect();
             PreparedStatement query = connection.prepareStatement("SELECT sequencenumber, COUNT(*) "
                     + "FROM domainevententry WHERE aggregateidentifier = ? GROUP BY sequencenumber "
                     + "ORDER BY sequencenumber")) {
            query.setString(1, aggregate);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** The messages of the incident's stored updates, read from the event payloads themselves. */
    private List<String> updateMessages(String aggregate) throws SQLException {
        List<String> messages = new ArrayList<>();
        try (Connection connection = cluster.connect();
             PreparedStatement query = connection.prepareStatement("SELECT payload FROM domainevententry "
                     + "WHERE aggregateidentifier = ? AND sequencenumber > 0 ORDER BY sequencenumber")) {
            query.setString(1, aggregate);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Matcher message = UPDATE_MESSAGE.matcher(new String(rows.getBytes(1),
                            java.nio.charset.StandardCharsets.UTF_8));
                    messages.add(message.find() ? message.group(1) : "<no update message>");
                }
            }
        }
        return messages;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = cluster.connect();
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<Integer, Long> countByStatus(List<Response> answers) {
        Map<Integer, Long> counts = new TreeMap<>();
        answers.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
        return counts;
    }
}
