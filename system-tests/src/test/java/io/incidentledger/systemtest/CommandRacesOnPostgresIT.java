package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceProcess;

/**
 * Concurrent commands on PostgreSQL, against two command-service instances sharing one database (the
 * scale-out topology): racing writers of one aggregate meet at the event store's unique (aggregate, sequence)
 * key, where PostgreSQL reports the loser differently from H2, and racing retries with one
 * {@code Idempotency-Key} meet at the key's primary key. Only command-service runs: nothing here is projected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRacesOnPostgresIT {

    private static final int RACERS = 64;
    private static final int ROUNDS = 3;

    private LocalPostgres postgres;
    private String database;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final List<JsonHttp> commands = new ArrayList<>();

    @BeforeAll
    void startTwoInstances() {
        postgres = LocalPostgres.shared();
        database = postgres.createUniqueDatabase(getClass().getSimpleName());
        Path jar = RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE);
        for (int i = 1; i <= 2; i++) {
            ServiceProcess instance = ServiceProcess.start(getClass().getSimpleName() + "-command-service-" + i, jar,
                    FreePorts.next(), postgres.springArgs(database), ServiceProcess.DEFAULT_START_DEADLINE);
            instances.add(instance);
            commands.add(new JsonHttp(instance.baseUrl()));
        }
    }

    @AfterAll
    void stopInstances() {
        instances.forEach(ServiceProcess::close);
    }

    @Test
    void sixtyFourConcurrentResolvesGiveExactlyOneSuccessAndNoServerError() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String incident = "race-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            commands.get(0).post("/api/incidents", Map.of("id", incident, "title", "Race " + round,
                    "impact", "minor", "message", "Investigating.")).expectStatus(201);

            List<Response> answers = race(RACERS, i -> commands.get(i % 2).send("POST",
                    "/api/incidents/" + incident + "/resolve", "{\"message\": \"Fixed.\"}",
                    i % 4 < 2 ? Map.of("If-Match", "\"0\"") : Map.of()));

            List<Integer> statuses = answers.stream().map(Response::status).toList();
            long lostAtTheStore = answers.stream()
                    .filter(r -> r.status() == 409 && r.rawBody().contains("at the same moment")).count();
            Report.line("RACE postgres round %d: %d resolves on 2 instances -> %s, %d of the 409s lost at the "
                    + "event store", round, RACERS, countByStatus(statuses), lostAtTheStore);
            assertThat(statuses).as("round %d: %s", round, answers).filteredOn(s -> s == 200).hasSize(1);
            assertThat(answers).as("round %d", round)
                    .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 409, 412));
            assertThat(answers).filteredOn(r -> r.status() != 200)
                    .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/problem+json"));
            assertThat(eventsPerSequence(incident)).as("round %d: events per sequence number", round)
                    .containsExactly(Map.entry(0L, 1L), Map.entry(1L, 1L));
        }
    }

    /**
     * Updates do not exclude each other as resolutions do: each instance serialises its own, so the two instances
     * meet at the event store's (aggregate, sequence) key, where PostgreSQL refuses the loser. Each update has
     * its own Idempotency-Key, so a lost race retried with it must run, and a success retried must be replayed.
     */
    @Test
    void sixtyFourConcurrentUpdatesOnTwoInstancesAreEachOneEventOrA409() throws Exception {
        long lostAtTheStore = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String incident = "updates-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            commands.get(0).post("/api/incidents", Map.of("id", incident, "title", "Updates " + round,
                    "impact", "minor", "message", "Investigating.")).expectStatus(201);

            String keyPrefix = "update-" + UUID.randomUUID() + "-";
            IntFunction<Response> update = i -> commands.get(i % 2).send("POST",
                    "/api/incidents/" + incident + "/updates",
                    "{\"status\": \"identified\", \"message\": \"Update " + i + ".\"}",
                    Map.of("Idempotency-Key", keyPrefix + i));
            List<Response> answers = race(RACERS, update);

            long created = answers.stream().filter(r -> r.status() == 201).count();
            List<Integer> lost = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                if (answers.get(i).status() == 409 && answers.get(i).rawBody().contains("at the same moment")) {
                    lost.add(i);
                }
            }
            lostAtTheStore += lost.size();
            Report.line("RACE postgres round %d: %d updates on 2 instances -> %s, %d lost at the event store",
                    round, RACERS, countByStatus(answers.stream().map(Response::status).toList()), lost.size());
            assertThat(answers).as("round %d", round)
                    .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));

            // A lost race is not the command's final answer: retried with its key, the update runs.
            for (int i : lost) {
                Response retried = update.apply(i).expectStatus(201);
                assertThat(retried.header("Idempotent-Replayed")).isEmpty();
            }
            // A success is: retried with its key, it is replayed.
            int firstCreated = answers.stream().map(Response::status).toList().indexOf(201);
            Response replayed = update.apply(firstCreated).expectStatus(201);
            assertThat(replayed.rawBody()).isEqualTo(answers.get(firstCreated).rawBody());
            assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");

            Map<Long, Long> perSequence = eventsPerSequence(incident);
            assertThat(perSequence.values()).as("round %d: events per sequence number", round).containsOnly(1L);
            assertThat(perSequence.keySet()).as("round %d: opened, then one event per update that ran", round)
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, created + lost.size()).boxed().toList());
        }
        Report.line("RACE postgres: %d updates lost at the event store in %d rounds (409, never 5xx)", lostAtTheStore,
                ROUNDS);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyOnBothInstancesActOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String key = "race-key-" + UUID.randomUUID();
            // No id: the server chooses one, so acting twice would open a second incident.
            String body = "{\"title\": \"Retried\", \"impact\": \"minor\", \"message\": \"Retried.\"}";
            long before = count("SELECT COUNT(*) FROM domainevententry");

            List<Response> answers = race(16, i -> commands.get(i % 2).send("POST", "/api/incidents", body,
                    Map.of("Idempotency-Key", key)));

            List<Integer> statuses = answers.stream().map(Response::status).toList();
            Report.line("IDEMPOTENCY postgres round %d: 16 retries on 2 instances -> %s", round,
                    countByStatus(statuses));
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
            List<Response> created = answers.stream().filter(r -> r.status() == 201).toList();
            assertThat(created).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.rawBody()).isEqualTo(created.get(0).rawBody()));
            assertThat(created).filteredOn(r -> r.header("Idempotent-Replayed").isEmpty()).as("acted on").hasSize(1);
            assertThat(count("SELECT COUNT(*) FROM domainevententry")).as("events appended").isEqualTo(before + 1);
            assertThat(count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = '" + key + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aRefusalWithAKeyIsRecordedAndReplayedOnPostgres() {
        String incident = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> keyed = Map.of("Idempotency-Key", "refusal-" + UUID.randomUUID());
        String resolve = "/api/incidents/" + incident + "/resolve";

        Response first = commands.get(0).send("POST", resolve, "{\"message\": \"Fixed.\"}", keyed).expectStatus(404);
        commands.get(1).post("/api/incidents", Map.of("id", incident, "title", "Late", "impact", "minor",
                "message", "Opened.")).expectStatus(201);
        Response again = commands.get(1).send("POST", resolve, "{\"message\": \"Fixed.\"}", keyed).expectStatus(404);

        assertThat(again.rawBody()).isEqualTo(first.rawBody());
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        Response other = commands.get(0).send("POST", resolve, "{\"message\": \"Other.\"}", keyed).expectStatus(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
    }

    /** Sends {@code n} requests at once (all released by one latch) and returns the answers in order. */
    private static List<Response> race(int n, IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return request.apply(index);
                }, pool));
            }
            start.countDown();
            List<Response> result = new ArrayList<>();
            for (CompletableFuture<Response> answer : answers) {
                result.add(answer.get());
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<Long, Long> eventsPerSequence(String aggregate) throws SQLException {
        Map<Long, Long> counts = new LinkedHashMap<>();
        try (Connection connection = postgres.connect(database);
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

    private long count(String sql) throws SQLException {
        try (Connection connection = postgres.connect(database);
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<Integer, Long> countByStatus(List<Integer> statuses) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        statuses.forEach(s -> counts.merge(s, 1L, Long::sum));
        return counts;
    }
}
