package io.incidentledger.query.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.incidentledger.query.Processors;
import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.Sql;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.status.StatusBoard;
import io.incidentledger.query.changes.ProjectionChanges;

/**
 * Benchmark, not a test (bench/rebuild.sh runs it): writes a generated history of about {@code events} events to a
 * fresh database once (H2 in the data directory, or the PostgreSQL database named by {@code BENCH_JDBC_URL},
 * {@code BENCH_JDBC_USER}, {@code BENCH_JDBC_PASSWORD}), then rebuilds every projection from it under several
 * processor settings, each in a freshly started query-service on that same database, and prints events/s side by
 * side with the read-model digest, which must be the same for every run. The baseline, in the same run: reading
 * the same rows of the event table raw over JDBC (no deserializing, no projecting).
 *
 * <p>Arguments: {@code events} (default 20000), {@code data-dir} (default: a new temporary directory). The
 * environment's {@code BENCH_REBUILD_SETTINGS} picks settings by name (default, batch500, batch500x2,
 * batch1000x2; all by default).
 */
public final class RebuildBenchmark {

    private record Setting(String key, String name, int batchSize, int segments) {
    }

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("rebuild-bench-");
        int components = 40;
        int incidents = Math.max(1, (events - components) / HistoryGenerator.EVENTS_PER_INCIDENT);

        long stored;
        String raw;
        try (ConfigurableApplicationContext context = start(dir, Map.of())) {
            // No read model projects while the history is written: each setting below starts with a rebuild anyway.
            // The audit chain and the announcements follow it here, as they would have live, so that no setting's
            // rebuild shares the machine with their catching up.
            context.getBean(ProjectionChanges.class).stop();
            EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
            Processors.READ_MODELS.forEach(name -> processing.eventProcessor(name)
                    .ifPresent(org.axonframework.eventhandling.EventProcessor::shutDown));
            long started = System.nanoTime();
            stored = new HistoryGenerator(context.getBean("eventStore", EventStore.class),
                    Instant.now().minus(Duration.ofDays(3650))).generate(components, incidents);
            System.out.printf("generated %d events (%d incidents) in %d ms on %s%n", stored, incidents,
                    (System.nanoTime() - started) / 1_000_000, System.getenv().getOrDefault("BENCH_JDBC_URL", "H2"));
            awaitCaughtUp(context, List.of(Processors.AUDIT, Processors.ANNOUNCEMENTS));
            // A history this long was announced as it happened: what the generator's events left pending would
            // otherwise be announced during the first rebuild, one status board each, beside the replay measured.
            context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                    .sql("DELETE FROM announcement_pending").update();
            raw = rawRead(context.getBean(javax.sql.DataSource.class));
            System.out.println(raw);
        }

        List<Setting> settings = List.of(new Setting("default", "default (application.yml)", 100, 1),
                new Setting("batch500", "batch 500", 500, 1), new Setting("batch500x2", "batch 500, 2 segments", 500, 2),
                new Setting("batch1000x2", "batch 1000, 2 segments", 1000, 2));
        String chosen = System.getenv().getOrDefault("BENCH_REBUILD_SETTINGS", "");
        if (!chosen.isBlank()) {
            List<String> keys = List.of(chosen.split(","));
            settings = settings.stream().filter(setting -> keys.contains(setting.key())).toList();
        }
        List<String> lines = new ArrayList<>();
        String expectedDigest = null;
        for (Setting setting : settings) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (String processor : Processors.READ_MODELS) {
                properties.put("axon.eventhandling.processors." + processor + ".batch-size", setting.batchSize());
                properties.put("axon.eventhandling.processors." + processor + ".initial-segment-count",
                        setting.segments());
                properties.put("axon.eventhandling.processors." + processor + ".thread-count", setting.segments());
            }
            try (ConfigurableApplicationContext context = start(dir, properties)) {
                ProjectionRebuild.Rebuilt rebuilt = context.getBean(ProjectionRebuild.class).rebuild();
                String digest = context.getBean(ReadModelDigest.class).digest().digest();
                expectedDigest = expectedDigest == null ? digest : expectedDigest;
                lines.add(String.format("| %-26s | %5d | %8d | %7d | %9d | %-8s |", setting.name(),
                        setting.batchSize(), setting.segments(), rebuilt.events(), rebuilt.millis(),
                        String.valueOf(rebuilt.eventsPerSecond()))
                        + (digest.equals(expectedDigest) ? " same" : " DIFFERENT"));
                System.out.println(lines.get(lines.size() - 1));
            }
        }
        System.out.println();
        System.out.println("| settings                   | batch | segments |  events | millis    | events/s | digest");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        System.out.println("baseline: " + raw);
        System.out.println("digest " + expectedDigest + ", data in " + dir);
        try (ConfigurableApplicationContext context = start(dir, Map.of())) {
            System.out.println(statusBoard(context));
        }
        // Axon's janitor thread is not a daemon: it would keep the JVM alive.
        System.exit(0);
    }

    /**
     * The status board over the whole generated history: a replay of every incident's facts (what each call did
     * before the board kept its timelines) beside a call with nothing changed since the last, and beside bringing
     * the kept board up to date after one update to one incident (the board's own timer, over 20 updates, each
     * appended to the store and projected first). Medians of 20 calls each.
     */
    private static String statusBoard(ConfigurableApplicationContext context) throws InterruptedException {
        Timelines timelines = context.getBean(Timelines.class);
        StatusBoard board = context.getBean(StatusBoard.class);
        board.current();
        long[] replays = new long[20];
        long[] kept = new long[20];
        for (int i = 0; i < replays.length; i++) {
            long started = System.nanoTime();
            timelines.activeComponents(new Window(Instant.EPOCH, Sql.END_OF_TIME), Sql.END_OF_TIME, null);
            replays[i] = System.nanoTime() - started;
            started = System.nanoTime();
            board.current();
            kept[i] = System.nanoTime() - started;
        }
        java.util.Arrays.sort(replays);
        java.util.Arrays.sort(kept);
        var jdbc = context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        var store = context.getBean("eventStore", EventStore.class);
        var catchUps = context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("ledger.status.board.replay").tag("scope", "changes").timer();
        long before = catchUps.count();
        double totalBefore = catchUps.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
        List<String> incidents = jdbc.sql("SELECT incident_id FROM incident_view ORDER BY started_at DESC LIMIT 20")
                .query(String.class).list();
        for (String incident : incidents) {
            long sequence = jdbc.sql("SELECT MAX(sequenceNumber) + 1 FROM DomainEventEntry WHERE aggregateIdentifier = ?")
                    .param(incident).query(Long.class).single();
            String update = incident + "-bench-" + sequence;
            store.publish(new org.axonframework.eventhandling.GenericDomainEventMessage<>("Incident", incident,
                    sequence, new io.incidentledger.events.incident.IncidentUpdatePosted(incident, update,
                    io.incidentledger.events.IncidentStatus.MONITORING, "Watching it.", Instant.now(), List.of())));
            awaitCaughtUp(context, List.of(Processors.INCIDENTS));
            board.current();
        }
        double perCatchUp = (catchUps.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) - totalBefore)
                / Math.max(1, catchUps.count() - before);
        return String.format("status board: a replay of the whole history %.1f ms, a call with nothing changed "
                        + "%.2f ms (medians of %d); brought up to date after one incident's update %.2f ms (mean of %d)",
                replays[10] / 1e6, kept[10] / 1e6, replays.length, perCatchUp, catchUps.count() - before);
    }

    private static ConfigurableApplicationContext start(Path dir, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("incident-ledger.data-dir", dir.toString());
        String url = System.getenv("BENCH_JDBC_URL");
        if (url != null && !url.isBlank()) {
            all.put("spring.datasource.url", url);
            all.put("spring.datasource.username", System.getenv().getOrDefault("BENCH_JDBC_USER", ""));
            all.put("spring.datasource.password", System.getenv().getOrDefault("BENCH_JDBC_PASSWORD", ""));
        }
        all.put("server.port", "0");
        all.put("logging.level.root", "WARN");
        all.put("logging.level.io.incidentledger.query.admin", "INFO");
        // As command-line arguments: SpringApplicationBuilder.properties() are defaults, below application.yml.
        return new SpringApplicationBuilder(QueryServiceApplication.class)
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** The named processors have passed the last stored event (busy waiting is fine in a benchmark's set-up). */
    private static void awaitCaughtUp(ConfigurableApplicationContext context, List<String> names)
            throws InterruptedException {
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        long head = context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry").query(Long.class).single();
        while (!names.stream().map(name -> processing.eventProcessor(name,
                        org.axonframework.eventhandling.StreamingEventProcessor.class).orElseThrow())
                .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                        .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= head))) {
            Thread.sleep(100);
        }
    }

    /**
     * The baseline: every row of the event table as the processors read it (in global order, the columns Axon
     * selects), over plain JDBC, streamed with a fetch size; no deserializing, no handler.
     */
    private static String rawRead(javax.sql.DataSource dataSource) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            long started = System.nanoTime();
            long rows = 0;
            long bytes = 0;
            try (java.sql.PreparedStatement select = connection.prepareStatement("SELECT globalIndex, eventIdentifier,"
                    + " aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payloadRevision, payload,"
                    + " metaData FROM DomainEventEntry ORDER BY globalIndex")) {
                select.setFetchSize(1000);
                try (java.sql.ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows++;
                        bytes += row.getBytes("payload").length + row.getBytes("metaData").length
                                + row.getString("payloadType").length() + row.getString("timeStamp").length();
                    }
                }
            }
            connection.commit();
            long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            return String.format("raw read of the event table: %d rows (%d MB of payload and metadata) in %d ms,"
                    + " %d rows/s", rows, bytes / 1_000_000, millis, rows * 1000 / millis);
        }
    }
}
