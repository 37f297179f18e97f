package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.ServiceProcess;
import io.incidentledger.systemtest.support.StoredEvents;
import io.incidentledger.systemtest.support.StoredEvents.Stored;

/**
 * A maintenance's automatic start and completion (SPEC §7) are persistent, cluster-safe deadlines: they survive a
 * {@code kill -9} of every instance and fire on the next start, with the planned instants as effective times and
 * the real moments as recorded times; and with two instances on one PostgreSQL each transition happens once.
 * The event store is read over JDBC, not through any service.
 */
class MaintenanceDeadlinesIT {

    private static final Path JAR = RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE);

    @Test
    void deadlinesDueWhileTheOnlyInstanceWasDeadFireOnceOnItsNextStart() throws Exception {
        Path dataDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.buildDir().resolve("service-data")), "MaintenanceDeadlinesIT-h2-");
        String url = "jdbc:h2:file:" + dataDir + "/ledger;AUTO_SERVER=TRUE;WRITE_DELAY=0;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE";
        List<String> args = List.of("--incident-ledger.data-dir=" + dataDir);
        ServiceProcess first = ServiceProcess.start("MaintenanceDeadlinesIT-h2-command-service-1", JAR,
                FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE);
        Instant scheduledFor;
        Instant scheduledUntil;
        try {
            JsonHttp http = new JsonHttp(first.baseUrl());
            http.post("/api/components", Map.of("id", "db", "name", "Database")).expectStatus(201);
            scheduledFor = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
            scheduledUntil = scheduledFor.plusSeconds(5);
            http.post("/api/maintenances", window("drill", scheduledFor, scheduledUntil)).expectStatus(201);
        } finally {
            first.crash(); // kill -9 before either deadline is due
        }
        Instant end = scheduledUntil;
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(end.plusSeconds(1)));

        Instant restarting = Instant.now();
        try (ServiceProcess second = ServiceProcess.start("MaintenanceDeadlinesIT-h2-command-service-2", JAR,
                FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE)) {
            Instant ready = Instant.now();
            List<Stored> events = awaitTransitions(() -> DriverManager.getConnection(url, "sa", ""), "drill");
            Stored started = only(events, "MaintenanceStarted");
            Stored completed = only(events, "MaintenanceCompleted");
            assertThat(Instant.parse(started.payload().get("at").asString())).isEqualTo(scheduledFor);
            assertThat(Instant.parse(completed.payload().get("at").asString())).isEqualTo(scheduledUntil);
            assertThat(started.payload().get("automatic").asBoolean()).isTrue();
            assertThat(completed.payload().get("automatic").asBoolean()).isTrue();
            assertThat(started.recordedAt()).isAfterOrEqualTo(restarting);
            assertThat(completed.recordedAt()).isAfterOrEqualTo(restarting);
            // No second firing shows up afterwards.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> events(() -> DriverManager.getConnection(url, "sa", ""), "drill").size() == 3);
            Report.line("MAINTENANCE DEADLINES h2: kill -9 before the window, restart %d ms after its end; "
                            + "start fired %d ms after the service was ready (%d ms after scheduledFor), completion "
                            + "%d ms after ready (%d ms after scheduledUntil); effective at = the planned instants",
                    Duration.between(scheduledUntil, restarting).toMillis(),
                    Duration.between(ready, started.recordedAt()).toMillis(),
                    Duration.between(scheduledFor, started.recordedAt()).toMillis(),
                    Duration.between(ready, completed.recordedAt()).toMillis(),
                    Duration.between(scheduledUntil, completed.recordedAt()).toMillis());
        }
    }

    /**
     * The case of an operator's bad night: the window has begun (its start recorded), the only instance dies inside
     * it and comes back after its end. The completion fires once, on the restart, with the planned end as its
     * effective time; the start is not repeated.
     */
    @Test
    void killedInsideTheWindowItCompletesOnceWhenRestartedAfterTheEnd() throws Exception {
        Path dataDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.buildDir().resolve("service-data")), "MaintenanceDeadlinesIT-h2-");
        Store store = h2(dataDir);
        List<String> args = List.of("--incident-ledger.data-dir=" + dataDir);
        ServiceProcess first = ServiceProcess.start("MaintenanceDeadlinesIT-h2-inside-command-service-1", JAR,
                FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE);
        Instant scheduledFor;
        Instant scheduledUntil;
        Stored started;
        try {
            JsonHttp http = new JsonHttp(first.baseUrl());
            http.post("/api/components", Map.of("id", "db", "name", "Database")).expectStatus(201);
            scheduledFor = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
            scheduledUntil = scheduledFor.plusSeconds(8);
            http.post("/api/maintenances", window("inside", scheduledFor, scheduledUntil)).expectStatus(201);
            started = await("the start, recorded before the crash").atMost(Duration.ofSeconds(7))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> events(store, "inside").stream().filter(e -> e.type().equals("MaintenanceStarted"))
                            .findFirst(), Optional::isPresent).orElseThrow();
        } finally {
            first.crash(); // kill -9 inside the window
        }
        Instant killed = Instant.now();
        assertThat(killed).as("killed inside the window").isBefore(scheduledUntil);
        Instant end = scheduledUntil;
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(end.plusSeconds(1)));

        Instant restarting = Instant.now();
        try (ServiceProcess second = ServiceProcess.start("MaintenanceDeadlinesIT-h2-inside-command-service-2", JAR,
                FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE)) {
            Instant ready = Instant.now();
            List<Stored> events = awaitTransitions(store, "inside");
            assertThat(only(events, "MaintenanceStarted").recordedAt()).isEqualTo(started.recordedAt());
            Stored completed = only(events, "MaintenanceCompleted");
            assertThat(Instant.parse(completed.payload().get("at").asString())).isEqualTo(scheduledUntil);
            assertThat(completed.payload().get("automatic").asBoolean()).isTrue();
            assertThat(completed.recordedAt()).isAfterOrEqualTo(restarting);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> events(store, "inside").size() == 3);
            Report.line("MAINTENANCE DEADLINES h2: kill -9 inside the window (%d ms after its start fired), restart "
                            + "%d ms after its end; completion recorded once, %d ms after the service was ready, "
                            + "effective at = scheduledUntil",
                    Duration.between(started.recordedAt(), killed).toMillis(),
                    Duration.between(scheduledUntil, restarting).toMillis(),
                    Duration.between(ready, completed.recordedAt()).toMillis());
        }
    }

    private static Store h2(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir + "/ledger;AUTO_SERVER=TRUE;WRITE_DELAY=0;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE";
        return () -> DriverManager.getConnection(url, "sa", "");
    }

    @Test
    void twoInstancesOnOnePostgresFireEachTransitionOnce() throws Exception {
        LocalPostgres postgres = LocalPostgres.shared();
        String database = postgres.createUniqueDatabase("maintenance_deadlines");
        List<String> args = postgres.springArgs(database);
        ServiceProcess one = ServiceProcess.start("MaintenanceDeadlinesIT-postgres-command-service-1", JAR,
                FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE);
        try (one; ServiceProcess two = ServiceProcess.start("MaintenanceDeadlinesIT-postgres-command-service-2", JAR,
                FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE)) {
            List<JsonHttp> instances = List.of(new JsonHttp(one.baseUrl()), new JsonHttp(two.baseUrl()));
            instances.get(0).post("/api/components", Map.of("id", "db", "name", "Database")).expectStatus(201);
            int windows = 6;
            List<String> ids = new ArrayList<>();
            List<Instant> ends = new ArrayList<>();
            Instant base = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
            for (int i = 0; i < windows; i++) {
                String id = "pg-window-" + i;
                Instant start = base.plusMillis(300L * i);
                // Scheduled through either instance: the job store, not the instance, owns the deadline.
                instances.get(i % 2).post("/api/maintenances", window(id, start, start.plusSeconds(3)))
                        .expectStatus(201);
                ids.add(id);
                ends.add(start.plusSeconds(3));
            }
            long worstLateMillis = 0;
            for (int i = 0; i < windows; i++) {
                List<Stored> events = awaitTransitions(() -> postgres.connect(database), ids.get(i));
                Stored completed = only(events, "MaintenanceCompleted");
                only(events, "MaintenanceStarted");
                assertThat(Instant.parse(completed.payload().get("at").asString())).isEqualTo(ends.get(i));
                worstLateMillis = Math.max(worstLateMillis,
                        Duration.between(ends.get(i), completed.recordedAt()).toMillis());
            }
            // Both instances keep polling the job store: give a duplicate firing every chance to show.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> {
                try (Connection connection = postgres.connect(database);
                     var count = connection.prepareStatement("SELECT COUNT(*) FROM DomainEventEntry "
                             + "WHERE aggregateIdentifier LIKE 'pg-window-%'").executeQuery()) {
                    count.next();
                    return count.getLong(1) == 3L * windows;
                }
            });
            Report.line("MAINTENANCE DEADLINES postgres, 2 instances: %d windows, %d starts and %d completions "
                    + "(each exactly once), worst completion %d ms after scheduledUntil", windows, windows, windows,
                    worstLateMillis);
        }
    }

    private static Map<String, Object> window(String id, Instant scheduledFor, Instant scheduledUntil) {
        return Map.of("id", id, "title", "Database failover drill", "message", "We fail the database over.",
                "components", List.of("db"), "scheduledFor", scheduledFor.toString(),
                "scheduledUntil", scheduledUntil.toString());
    }

    @FunctionalInterface
    interface Store {
        Connection connect() throws SQLException;
    }

    private static List<Stored> events(Store store, String id) throws SQLException {
        try (Connection connection = store.connect()) {
            return StoredEvents.of(connection, id);
        }
    }

    private static List<Stored> awaitTransitions(Store store, String id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> events(store, id), events -> events.stream()
                        .anyMatch(e -> e.type().equals("MaintenanceCompleted")));
    }

    private static Stored only(List<Stored> events, String type) {
        List<Stored> matching = events.stream().filter(e -> e.type().equals(type)).toList();
        assertThat(matching).as("%s events in %s", type, events).hasSize(1);
        return matching.get(0);
    }
}
