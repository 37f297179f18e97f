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
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.incidentledger.query.Processors;
import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.changes.ProjectionChanges;

/**
 * Benchmark, not a test (bench/rebuild.sh runs it): writes a generated history of about {@code events} events to a
 * fresh H2 directory once, then rebuilds every projection from it under several processor settings, each in a
 * freshly started query-service on that same database, and prints events/s side by side with the read-model
 * digest, which must be the same for every run.
 *
 * <p>Arguments: {@code events} (default 20000), {@code data-dir} (default: a new temporary directory).
 */
public final class RebuildBenchmark {

    private record Setting(String name, int batchSize, int segments) {
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
        try (ConfigurableApplicationContext context = start(dir, Map.of())) {
            // Announcing every change of a history written all at once would rebuild the documents per event.
            context.getBean(ProjectionChanges.class).stop();
            long started = System.nanoTime();
            stored = new HistoryGenerator(context.getBean("eventStore", EventStore.class),
                    Instant.now().minus(Duration.ofDays(3650))).generate(components, incidents);
            System.out.printf("generated %d events (%d incidents) in %d ms; projecting live...%n", stored, incidents,
                    (System.nanoTime() - started) / 1_000_000);
            awaitCaughtUp(context);
        }

        List<Setting> settings = List.of(new Setting("default (application.yml)", 100, 1),
                new Setting("batch 500", 500, 1), new Setting("batch 500, 2 segments", 500, 2),
                new Setting("batch 1000, 2 segments", 1000, 2));
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
                awaitCaughtUp(context);
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
        System.out.println("digest " + expectedDigest + ", data in " + dir);
        // Axon's janitor thread is not a daemon: it would keep the JVM alive.
        System.exit(0);
    }

    private static ConfigurableApplicationContext start(Path dir, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("incident-ledger.data-dir", dir.toString());
        all.put("server.port", "0");
        all.put("logging.level.root", "WARN");
        all.put("logging.level.io.incidentledger.query.admin", "INFO");
        // As command-line arguments: SpringApplicationBuilder.properties() are defaults, below application.yml.
        return new SpringApplicationBuilder(QueryServiceApplication.class)
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** Every processor has passed the last stored event (busy waiting is fine in a benchmark's set-up). */
    private static void awaitCaughtUp(ConfigurableApplicationContext context) throws InterruptedException {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        long head = jdbc.sql("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry").query(Long.class).single();
        while (!processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                        .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= head))) {
            Thread.sleep(100);
        }
    }
}
