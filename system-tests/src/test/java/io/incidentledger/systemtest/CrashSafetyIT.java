package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.longValue;
import static io.incidentledger.systemtest.support.JsonHttp.text;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.ServiceProcess;
import io.incidentledger.systemtest.support.SystemTestCredentials;
import tools.jackson.databind.JsonNode;

/**
 * Crash safety: {@code kill -9} of command-service loses no acknowledged command and duplicates none, on the
 * embedded H2 default and on PostgreSQL.
 *
 * <p>{@value #CLIENTS} clients stream commands (each its own incidents: open, {@value #UPDATES_PER_INCIDENT}
 * updates, resolve), every logical command with its own {@code Idempotency-Key}. Meanwhile command-service is
 * killed {@value #KILLS} times at random moments and restarted on the same database (on a new port, which the
 * clients learn). A client whose request fails (connection lost, a 5xx, a request still in progress, or its own
 * impatience: some first attempts are abandoned after a few milliseconds, so that the answer is lost although
 * the command may well have run) retries the same command with the same key and body until it gets an answer
 * (after the Retry-After a 409 "in progress" names: a killed request's claim on its key times out in seconds).
 * Once the clients stop, the service is killed once more right after the last answer and restarted.
 *
 * <p>Then the event store itself (read over JDBC, not through any service) must hold every acknowledged command's
 * event exactly once, matching its answer (aggregate, sequence number, update id), each incident's sequence
 * numbers must run 0..n-1, and nothing else may be there: a retry that appended again (an update twice), or that
 * was refused where it had already run (an open or a resolve answered 409), fails the test. Retrying a sample of
 * answered commands after the last restart must replay their first answers.
 *
 * <p>The delays before each kill come from a fixed seed ({@code -Dcrash-safety.seed=...} to change it), printed
 * with the figures of the run; the interleaving with the clients still varies from run to run.
 */
class CrashSafetyIT {

    static final int CLIENTS = 6;
    static final int KILLS = 6;
    static final int UPDATES_PER_INCIDENT = 4;
    static final long SEED = Long.getLong("crash-safety.seed", 20_261_130L);
    /** A kill comes this long after the restarted service has answered its first command. */
    static final int MIN_UPTIME_MILLIS = 300;
    static final int MAX_UPTIME_MILLIS = 2_000;
    /** After the last random kill, each client must get this many more answers before the clients stop. */
    static final int COMMANDS_AFTER_LAST_RESTART = 10;
    /** One first attempt in this many is abandoned after 1-20 ms, its answer never read. */
    static final int IMPATIENT_ONE_IN = 8;
    static final int MAX_ATTEMPTS = 500;
    static final int REPLAY_SAMPLE = 40;
    static final Duration CLIENT_WAIT = ServiceProcess.DEFAULT_START_DEADLINE.plusSeconds(30);
    static final String IN_PROGRESS = "/problems/idempotency-key-in-use";

    @FunctionalInterface
    interface Store {
        Connection connect() throws SQLException;
    }

    @Test
    void everyAcknowledgedCommandIsStoredExactlyOnceAcrossRepeatedKillMinus9OnH2() throws Exception {
        Path dataDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.buildDir().resolve("service-data")), "CrashSafetyIT-h2-");
        // The URL the services use (application.yml): with the service stopped, the test opens the file itself.
        String url = "jdbc:h2:file:" + dataDir + "/ledger;AUTO_SERVER=TRUE;WRITE_DELAY=0;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE";
        new Storm("h2", List.of("--incident-ledger.data-dir=" + dataDir),
                () -> DriverManager.getConnection(url, "sa", "")).run();
    }

    @Test
    void everyAcknowledgedCommandIsStoredExactlyOnceAcrossRepeatedKillMinus9OnPostgres() throws Exception {
        LocalPostgres postgres = LocalPostgres.shared();
        String database = postgres.createUniqueDatabase("crash_safety");
        new Storm("postgres", postgres.springArgs(database), () -> postgres.connect(database)).run();
    }

    /** One instance of command-service, and a client for it. */
    record Instance(int generation, ServiceProcess process, JsonHttp http) {
    }

    /** A logical command: sent until answered, always with the same key and body. */
    record Command(int client, String kind, String incident, long expectedSequence, String path, String key,
                   String body, String message) {
    }

    /** A command's final answer and what it took to get it ({@code killedAttempts}: attempts a kill cut off). */
    record Answered(Command command, Response answer, int attempts, int killedAttempts, boolean replayed) {
    }

    /** One stored event of an incident. */
    record StoredEvent(String aggregate, long sequence, String type, JsonNode payload) {
    }

    /** One backend's run: the clients, the killer (the test thread), and the checks against the store. */
    static final class Storm {

        private final String backend;
        private final List<String> serviceArgs;
        private final Store store;
        private final Path jar = RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE);
        private final AtomicReference<Instance> current = new AtomicReference<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger lostAttempts = new AtomicInteger();
        private final AtomicInteger abandonedAttempts = new AtomicInteger();
        private final AtomicInteger serverErrors = new AtomicInteger();
        private final AtomicInteger inProgress = new AtomicInteger();
        private int kills;

        Storm(String backend, List<String> databaseArgs, Store store) {
            this.backend = backend;
            this.serviceArgs = new ArrayList<>(databaseArgs);
            this.store = store;
        }

        void run() throws Exception {
            long startNanos = System.nanoTime();
            Random random = new Random(SEED);
            current.set(startInstance(1));
            for (int c = 0; c < CLIENTS; c++) {
                current.get().http().send("POST", "/api/components", "{\"id\": \"" + component(c)
                        + "\", \"name\": \"Crash " + c + "\"}", Map.of("Idempotency-Key", backend + "-component-" + c))
                        .expectStatus(201);
            }

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<List<Answered>>> clients = new ArrayList<>();
            List<Answered> all = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.add(pool.submit(() -> streamCommands(client, new Random(SEED + 1 + client))));
                }
                for (int k = 1; k <= KILLS; k++) {
                    awaitAnswers(1, clients);
                    // The random moment: a deliberate pause, not a wait for an effect.
                    Thread.sleep(MIN_UPTIME_MILLIS + random.nextInt(MAX_UPTIME_MILLIS - MIN_UPTIME_MILLIS + 1));
                    crashAndRestart();
                }
                awaitAnswers(CLIENTS * COMMANDS_AFTER_LAST_RESTART, clients);
                stop.set(true);
                for (Future<List<Answered>> client : clients) {
                    all.addAll(client.get(CLIENT_WAIT.toSeconds(), TimeUnit.SECONDS));
                }
                // No pause: the last answers have just been sent when the process dies.
                crashAndRestart();
                assertRetriesAreReplayed(all, random);
            } finally {
                stop.set(true);
                pool.shutdownNow();
                current.get().process().close();
            }

            int checked = assertStoreHoldsEachAnsweredCommandOnce(all);
            long retried = all.stream().filter(a -> a.attempts() > 1).count();
            long replayed = all.stream().filter(Answered::replayed).count();
            // Committed, then killed before the answer was sent: the case an Idempotency-Key exists for.
            long replayedAfterKill = all.stream().filter(a -> a.replayed() && a.killedAttempts() > 0).count();
            Report.line("CRASH %s: seed=%d kills=%d (%d at random moments, 1 right after the last answer), "
                            + "acknowledged=%d checked in the store=%d, retried commands=%d (attempts lost to a kill=%d, "
                            + "abandoned=%d, 5xx=%d, in progress=%d), replayed first answers=%d (%d after a kill), "
                            + "duration=%ds",
                    backend, SEED, kills, KILLS, all.size(), checked, retried, lostAttempts.get(),
                    abandonedAttempts.get(), serverErrors.get(), inProgress.get(), replayed, replayedAfterKill,
                    Duration.ofNanos(System.nanoTime() - startNanos).toSeconds());
            assertThat(kills).isEqualTo(KILLS + 1);
            assertThat(retried).as("commands retried after an unacknowledged attempt").isPositive();
        }

        // ---- the killer ----------------------------------------------------------------------------------------

        private Instance startInstance(int generation) {
            ServiceProcess process = ServiceProcess.start("CrashSafetyIT-" + backend + "-command-service-" + generation,
                    jar, FreePorts.next(), serviceArgs, ServiceProcess.DEFAULT_START_DEADLINE);
            return new Instance(generation, process, new JsonHttp(process.baseUrl()));
        }

        private void crashAndRestart() {
            Instance dying = current.get();
            dying.process().crash();
            kills++;
            current.set(startInstance(dying.generation() + 1));
        }

        /** Until {@code more} commands have been answered (by any client) from now; a client's failure ends it. */
        private void awaitAnswers(int more, List<Future<List<Answered>>> clients) {
            int target = answered.get() + more;
            await("%d more answers on %s".formatted(more, backend)).atMost(CLIENT_WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        for (Future<List<Answered>> client : clients) {
                            if (client.isDone()) {
                                client.get(); // throws the client's failure
                                throw new AssertionError("a client stopped before it was asked to");
                            }
                        }
                        return answered.get() >= target;
                    });
        }

        // ---- the clients ---------------------------------------------------------------------------------------

        private List<Answered> streamCommands(int client, Random random) {
            HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            List<Answered> log = new ArrayList<>();
            for (int n = 0; !stop.get(); n++) {
                String incident = "c" + client + "-i" + n;
                String prefix = backend + "-" + incident;
                List<Command> lifecycle = new ArrayList<>();
                lifecycle.add(new Command(client, "open", incident, 0, "/api/incidents", prefix + "-open",
                        "{\"id\": \"" + incident + "\", \"title\": \"Crash " + incident + "\", \"impact\": \"minor\", "
                                + "\"message\": \"" + prefix + "-open\", \"components\": {\"" + component(client)
                                + "\": \"major_outage\"}}", prefix + "-open"));
                for (int u = 1; u <= UPDATES_PER_INCIDENT; u++) {
                    String message = prefix + "-update-" + u;
                    lifecycle.add(new Command(client, "update", incident, u, "/api/incidents/" + incident + "/updates",
                            message, "{\"status\": \"identified\", \"message\": \"" + message + "\"}", message));
                }
                lifecycle.add(new Command(client, "resolve", incident, UPDATES_PER_INCIDENT + 1,
                        "/api/incidents/" + incident + "/resolve", prefix + "-resolve",
                        "{\"message\": \"" + prefix + "-resolve\"}", prefix + "-resolve"));
                for (Command command : lifecycle) {
                    if (stop.get()) {
                        break;
                    }
                    log.add(sendUntilAnswered(command, random, impatient));
                    answered.incrementAndGet();
                }
            }
            return log;
        }

        private Answered sendUntilAnswered(Command command, Random random, HttpClient impatient) {
            boolean abandonFirst = random.nextInt(IMPATIENT_ONE_IN) == 0;
            int killedAttempts = 0;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Instance instance = current.get();
                if (attempt == 1 && abandonFirst) {
                    sendAndAbandon(impatient, instance, command, 1 + random.nextInt(20));
                    abandonedAttempts.incrementAndGet();
                    continue;
                }
                Response answer;
                try {
                    answer = instance.http().send("POST", command.path(), command.body(),
                            Map.of("Idempotency-Key", command.key()));
                } catch (UncheckedIOException lost) {
                    lostAttempts.incrementAndGet();
                    killedAttempts++;
                    awaitUsable(instance);
                    continue;
                }
                if (answer.status() >= 500) {
                    serverErrors.incrementAndGet();
                    awaitUsable(instance);
                    continue;
                }
                if (answer.status() == 409 && IN_PROGRESS.equals(text(answer.json().path("type")))) {
                    // The key is claimed by a request still running, or by one a kill cut off (its claim times out
                    // after a few seconds): come back when Retry-After says, as a well-behaved client does.
                    inProgress.incrementAndGet();
                    honourRetryAfter(answer);
                    continue;
                }
                return new Answered(command, answer, attempt, killedAttempts,
                        answer.header("Idempotent-Replayed").isPresent());
            }
            throw new AssertionError(command + " got no answer in " + MAX_ATTEMPTS + " attempts");
        }

        /** Sends the command but stops waiting after {@code millis}: the answer is lost, the command may run. */
        private static void sendAndAbandon(HttpClient impatient, Instance instance, Command command, int millis) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(instance.http().baseUrl() + command.path()))
                    .timeout(Duration.ofMillis(millis))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", SystemTestCredentials.authorization())
                    .header("Idempotency-Key", command.key())
                    .POST(HttpRequest.BodyPublishers.ofString(command.body()))
                    .build();
            try {
                impatient.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException lostOrTimedOut) {
                // as intended: whatever happened, the client does not know
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void honourRetryAfter(Response answer) {
            long seconds = answer.header("Retry-After").map(Long::parseLong).orElse(1L);
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(seconds, 5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Until the instance that failed answers its health check again, or its successor has taken over. */
        private void awaitUsable(Instance failed) {
            await(backend + " command-service back after generation " + failed.generation()).atMost(CLIENT_WAIT)
                    .pollDelay(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> current.get() != failed || healthy(failed));
        }

        private static boolean healthy(Instance instance) {
            try {
                return instance.http().get("/actuator/health").status() == 200;
            } catch (UncheckedIOException down) {
                return false;
            }
        }

        // ---- the checks ----------------------------------------------------------------------------------------

        /** The last command of each client and a random sample of the others, sent again: their first answers. */
        private void assertRetriesAreReplayed(List<Answered> all, Random random) {
            Map<Integer, Answered> lastOfEachClient = new HashMap<>();
            all.forEach(a -> lastOfEachClient.put(a.command().client(), a));
            List<Answered> sample = new ArrayList<>(lastOfEachClient.values());
            for (int i = 0; i < REPLAY_SAMPLE && !all.isEmpty(); i++) {
                sample.add(all.get(random.nextInt(all.size())));
            }
            JsonHttp http = current.get().http();
            for (Answered first : sample) {
                Command command = first.command();
                Response again = http.send("POST", command.path(), command.body(),
                        Map.of("Idempotency-Key", command.key()));
                assertThat(again.status()).as("%s sent again after the last restart: %s", command.key(), again)
                        .isEqualTo(first.answer().status());
                assertThat(again.header("Idempotent-Replayed")).as(command.key()).hasValue("true");
                assertThat(again.json()).as(command.key()).isEqualTo(first.answer().json());
            }
        }

        /** Returns how many answered commands were found in the store. */
        private int assertStoreHoldsEachAnsweredCommandOnce(List<Answered> all) throws SQLException {
            for (Answered a : all) {
                assertThat(a.answer().status()).as("%s after %d attempts: %s", a.command().key(), a.attempts(),
                        a.answer()).isEqualTo(a.command().kind().equals("resolve") ? 200 : 201);
            }
            List<StoredEvent> events = incidentEvents();
            Map<String, List<StoredEvent>> byMessage = events.stream()
                    .collect(Collectors.groupingBy(e -> String.valueOf(text(e.payload().path("message")))));
            int checked = 0;
            for (Answered a : all) {
                Command command = a.command();
                JsonNode body = a.answer().json();
                List<StoredEvent> stored = byMessage.getOrDefault(command.message(), List.of());
                assertThat(stored).as("events of %s (answered %s after %d attempts)", command.key(), a.answer(),
                        a.attempts()).hasSize(1);
                StoredEvent event = stored.get(0);
                assertThat(event.aggregate()).as(command.key()).isEqualTo(command.incident());
                assertThat(event.sequence()).as(command.key()).isEqualTo(command.expectedSequence())
                        .isEqualTo(longValue(body.path("version")));
                assertThat(event.type()).as(command.key()).endsWith(switch (command.kind()) {
                    case "open" -> ".IncidentOpened";
                    case "update" -> ".IncidentUpdatePosted";
                    default -> ".IncidentResolved";
                });
                if (command.kind().equals("update")) {
                    assertThat(text(event.payload().path("updateId"))).as(command.key())
                            .isEqualTo(text(body.path("updateId")));
                }
                checked++;
            }
            // Nothing but the answered commands: no event of a command that was retried into a second one.
            assertThat(events).as("incident events in the store").hasSize(all.size());
            Map<String, List<Long>> sequences = new TreeMap<>();
            events.forEach(e -> sequences.computeIfAbsent(e.aggregate(), a -> new ArrayList<>()).add(e.sequence()));
            sequences.forEach((incident, numbers) -> assertThat(numbers).as("sequence numbers of %s", incident)
                    .containsExactlyElementsOf(LongStream.range(0, numbers.size()).boxed().toList()));
            assertThat(idempotencyKeys()).as("keys recorded with their events")
                    .containsAll(all.stream().map(a -> a.command().key()).toList());
            return checked;
        }

        private List<StoredEvent> incidentEvents() throws SQLException {
            List<StoredEvent> events = new ArrayList<>();
            try (Connection connection = store.connect();
                 PreparedStatement query = connection.prepareStatement("SELECT aggregateIdentifier, sequenceNumber, "
                         + "payloadType, payload FROM DomainEventEntry WHERE type = 'Incident' ORDER BY globalIndex");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    events.add(new StoredEvent(rows.getString(1), rows.getLong(2), rows.getString(3),
                            JsonHttp.MAPPER.readTree(rows.getBytes(4))));
                }
            }
            events.sort(Comparator.comparing(StoredEvent::aggregate).thenComparingLong(StoredEvent::sequence));
            return events;
        }

        private List<String> idempotencyKeys() throws SQLException {
            List<String> keys = new ArrayList<>();
            try (Connection connection = store.connect();
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT idempotency_key FROM idempotency_key WHERE response_status IS NOT NULL")) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
            return keys;
        }

        private static String component(int client) {
            return "crash-component-" + client;
        }
    }
}
