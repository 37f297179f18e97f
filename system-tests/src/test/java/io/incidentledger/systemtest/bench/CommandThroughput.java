package io.incidentledger.systemtest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LatencyStats;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceProcess;

/**
 * Benchmark, not a test (no JUnit, never run by the build): commands per second and latency over HTTP against one
 * command-service, at 1, 8 and 64 concurrent clients, on distinct aggregates (each command opens a new incident)
 * and on one shared aggregate (every command posts an update to the same incident), on H2 and on PostgreSQL.
 * Beside each, the baseline measured in the same run on the same database: raw JDBC inserts of a row the size of
 * the stored events, one commit each, at the same thread counts. Run it with {@code bench/commands.sh}.
 */
public final class CommandThroughput {

    private static final int[] CLIENTS = {1, 8, 64};

    private record Result(String backend, String workload, int clients, long commands, long errors, double seconds,
                          LatencyStats latency) {

        String row(double baselineRate) {
            double rate = commands / seconds;
            return String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,.0f | %s | %s | %d | %s |", backend, workload,
                    clients, commands, rate, LatencyStats.millis(latency.percentile(50)),
                    LatencyStats.millis(latency.percentile(99)), errors,
                    Double.isNaN(baselineRate) ? "" : String.format(Locale.ROOT, "%.2f", rate / baselineRate));
        }
    }

    private CommandThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        List<String> rows = new ArrayList<>();
        rows.add("| database | workload | clients | commands | per second | p50 | p99 | errors | ÷ baseline |");
        rows.add("|---|---|---|---|---|---|---|---|---|");

        Path dataDir = Files.createTempDirectory(Files.createDirectories(RepoPaths.buildDir().resolve("service-data")),
                "bench-h2-");
        String h2Url = "jdbc:h2:file:" + dataDir + "/ledger;AUTO_SERVER=TRUE;WRITE_DELAY=0;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE";
        String h2BaselineUrl = "jdbc:h2:file:" + dataDir + "-baseline/baseline;WRITE_DELAY=0;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE";
        run("h2", List.of("--incident-ledger.data-dir=" + dataDir), () -> DriverManager.getConnection(h2Url, "sa", ""),
                () -> DriverManager.getConnection(h2BaselineUrl, "sa", ""), each, rows);

        try (LocalPostgres postgres = LocalPostgres.start()) {
            String database = postgres.createUniqueDatabase("bench");
            String baseline = postgres.createUniqueDatabase("bench_baseline");
            run("postgres", postgres.springArgs(database), () -> postgres.connect(database),
                    () -> postgres.connect(baseline), each, rows);
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    @FunctionalInterface
    interface Store {
        Connection connect() throws SQLException;
    }

    private static void run(String backend, List<String> dbArgs, Store store, Store baselineStore, Duration each,
                            List<String> rows) throws Exception {
        try (ServiceProcess service = ServiceProcess.start("bench-" + backend + "-command-service",
                RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE), FreePorts.next(), dbArgs,
                ServiceProcess.DEFAULT_START_DEADLINE)) {
            List<JsonHttp> clients = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                clients.add(new JsonHttp(service.baseUrl()));
            }
            String run = UUID.randomUUID().toString().substring(0, 8);
            // Warm the JIT and the pools up before anything is measured.
            measure(backend, "warm-up", 8, Duration.ofSeconds(3), i -> open(clients.get(i), run + "-warm"));

            List<Result> results = new ArrayList<>();
            for (int n : CLIENTS) {
                results.add(measure(backend, "OpenIncident, distinct aggregates", n, each,
                        i -> open(clients.get(i), run + "-" + n)));
            }
            for (int n : CLIENTS) {
                String shared = "shared-" + run + "-" + n;
                open(clients.get(0), shared, shared).expectStatus(201);
                results.add(measure(backend, "PostUpdate, one shared aggregate", n, each, i -> clients.get(i).send(
                        "POST", "/api/incidents/" + shared + "/updates",
                        "{\"status\": \"identified\", \"message\": \"Still looking into it.\"}", Map.of())));
            }

            int[] rowSize = eventRowSize(store);
            for (int n : CLIENTS) {
                Result base = baseline(backend, baselineStore, n, each, rowSize);
                double baseRate = base.commands() / base.seconds();
                rows.add(base.row(Double.NaN));
                results.stream().filter(r -> r.clients() == n).forEach(r -> rows.add(r.row(baseRate)));
            }
        }
    }

    private static Response open(JsonHttp client, String prefix) {
        return open(client, prefix, prefix + "-" + UUID.randomUUID().toString().substring(0, 12));
    }

    private static Response open(JsonHttp client, String prefix, String id) {
        return client.post("/api/incidents", Map.of("id", id, "title", "Benchmark " + prefix, "impact", "minor",
                "message", "Investigating."));
    }

    /** {@code n} clients each sending one command after another for {@code duration}. */
    private static Result measure(String backend, String workload, int n, Duration duration,
                                  IntFunction<Response> command) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Duration> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    Response answer = command.apply(client);
                    if (answer.is2xx()) {
                        samples.add(Duration.ofNanos(System.nanoTime() - sent));
                    } else {
                        errors.incrementAndGet();
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        LatencyStats latency = new LatencyStats();
        samples.forEach(latency::add);
        Result result = new Result(backend, workload, n, samples.size(), errors.get(), seconds, latency);
        System.out.println(result.row(Double.NaN));
        return result;
    }

    /** The average payload and metadata sizes of the events the run stored, in bytes. */
    private static int[] eventRowSize(Store store) throws SQLException {
        try (Connection connection = store.connect();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT AVG(OCTET_LENGTH(payload)), AVG(OCTET_LENGTH(metadata)) FROM domainevententry")) {
            rows.next();
            return new int[] {(int) Math.round(rows.getDouble(1)), (int) Math.round(rows.getDouble(2))};
        }
    }

    /**
     * The floor under a command: one INSERT of a row shaped and sized like a stored event, in a table with the
     * event store's unique (aggregate, sequence) key, one commit per row, {@code n} threads, each with its own
     * connection.
     */
    private static Result baseline(String backend, Store store, int n, Duration duration, int[] rowSize)
            throws Exception {
        try (Connection connection = store.connect()) {
            connection.createStatement().execute("DROP TABLE IF EXISTS baseline_event");
            connection.createStatement().execute("""
                    CREATE TABLE baseline_event (
                        global_index BIGSERIAL PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE,
                        aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL,
                        type VARCHAR(255), time_stamp VARCHAR(255) NOT NULL, payload_type VARCHAR(255) NOT NULL,
                        payload_revision VARCHAR(255), payload BYTEA NOT NULL, meta_data BYTEA,
                        UNIQUE (aggregate_identifier, sequence_number))""");
        }
        byte[] payload = new byte[rowSize[0]];
        byte[] metadata = new byte[rowSize[1]];
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection connection = store.connect();
            connection.setAutoCommit(false);
            connections.add(connection);
        }
        try {
            AtomicLong sequence = new AtomicLong();
            return measure(backend, "baseline: JDBC insert of a " + (rowSize[0] + rowSize[1])
                    + "-byte event row, one commit each", n, duration, i -> {
                try {
                    Connection connection = connections.get(i);
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO baseline_event "
                            + "(event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                            + "payload_revision, payload, meta_data) VALUES (?, ?, ?, 'Incident', ?, "
                            + "'io.incidentledger.events.IncidentUpdatePosted', '1', ?, ?)")) {
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, "baseline-" + i);
                        insert.setLong(3, sequence.incrementAndGet());
                        insert.setString(4, java.time.Instant.now().toString());
                        insert.setBytes(5, payload);
                        insert.setBytes(6, metadata);
                        insert.executeUpdate();
                    }
                    connection.commit();
                    return new Response("INSERT", java.net.URI.create("jdbc:baseline"), 200, null, "");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
