package io.incidentledger.systemtest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LatencyStats;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceProcess;
import io.incidentledger.systemtest.support.SystemTestCredentials;

/**
 * Benchmark, not a test (no JUnit, never run by the build): how long after a command's 2xx its change is in
 * {@code /api/v2/summary.json} on each of two query-service instances, at a steady offered rate of commands. The
 * commands alternate between opening an incident (visible when it appears among the unresolved incidents) and
 * resolving one already seen open (visible when it is gone). One watcher per instance fetches summary.json every
 * 5 ms with {@code If-None-Match}, so a change is seen at most 5 ms and one round trip after it is served; that
 * round trip, measured in the same run, is the baseline (the floor of what can be observed). On H2 (both instances on
 * the one database file) and on PostgreSQL. Run it with {@code bench/e2e-latency.sh}.
 */
public final class EndToEndLatency {

    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private EndToEndLatency() {
    }

    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        int[] rates = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 500};
        List<String> rows = new ArrayList<>();
        rows.add("| database | offered/s | achieved/s | instance | seen | p50 | p99 | max | not seen | command errors "
                + "| baseline: summary.json round trip p50 / p99 |");
        rows.add("|---|---|---|---|---|---|---|---|---|---|---|");

        Path dataDir = Files.createTempDirectory(Files.createDirectories(RepoPaths.buildDir().resolve("service-data")),
                "bench-e2e-h2-");
        run("h2", List.of("--incident-ledger.data-dir=" + dataDir), each, rates, rows);
        try (LocalPostgres postgres = LocalPostgres.start()) {
            run("postgres", postgres.springArgs(postgres.createUniqueDatabase("bench_e2e")), each, rates, rows);
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static void run(String backend, List<String> dbArgs, Duration each, int[] rates, List<String> rows)
            throws Exception {
        List<String> commandArgs = new ArrayList<>(dbArgs);
        commandArgs.add("--incident-ledger.limits.write-rate.enabled=false"); // one client sends everything
        try (ServiceProcess commands = ServiceProcess.start("bench-e2e-" + backend + "-command-service",
                RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE), FreePorts.next(), commandArgs,
                ServiceProcess.DEFAULT_START_DEADLINE);
             ServiceProcess a = ServiceProcess.start("bench-e2e-" + backend + "-query-service-a",
                     RepoPaths.serviceJar(LedgerCluster.QUERY_SERVICE), FreePorts.next(), dbArgs,
                     ServiceProcess.DEFAULT_START_DEADLINE);
             ServiceProcess b = ServiceProcess.start("bench-e2e-" + backend + "-query-service-b",
                     RepoPaths.serviceJar(LedgerCluster.QUERY_SERVICE), FreePorts.next(), dbArgs,
                     ServiceProcess.DEFAULT_START_DEADLINE)) {
            List<ServiceProcess> instances = List.of(a, b);
            String run = UUID.randomUUID().toString().substring(0, 8);
            measure(backend, commands, instances, run + "-warm", 20, Duration.ofSeconds(5), null);
            List<String> afterWarmUp = new ArrayList<>();
            for (ServiceProcess instance : instances) {
                afterWarmUp.add(metrics(instance));
            }
            for (int rate : rates) {
                measure(backend, commands, instances, run + "-" + rate, rate, each, rows);
            }
            for (int i = 0; i < instances.size(); i++) {
                String row = breakdown(backend, instances.get(i), afterWarmUp.get(i));
                System.out.println(row);
                rows.add(row);
            }
        }
    }

    /** What one watcher saw: when each incident was first among the unresolved, and when it was first gone. */
    private static final class Watcher implements Runnable {

        final String name;
        final URI summary;
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final Map<String, Long> appeared = new ConcurrentHashMap<>();
        final Map<String, Long> gone = new ConcurrentHashMap<>();
        final LatencyStats roundTrips = new LatencyStats();
        final AtomicBoolean running = new AtomicBoolean(true);
        final String prefix;

        Watcher(String name, String baseUrl, String prefix) {
            this.name = name;
            this.summary = URI.create(baseUrl + "/api/v2/summary.json");
            this.prefix = prefix;
        }

        @Override
        public void run() {
            String etag = null;
            Set<String> open = new HashSet<>();
            while (running.get()) {
                // Every 5 ms, not back to back: on two cores a watcher polling flat out took CPU from the very
                // services it timed (its round trip grew from under 1 ms to 13 ms, and every latency with it).
                LockSupport.parkNanos(POLL_INTERVAL.toNanos());
                HttpRequest.Builder request = HttpRequest.newBuilder(summary).timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json");
                if (etag != null) {
                    request.header("If-None-Match", etag);
                }
                long sent = System.nanoTime();
                HttpResponse<String> response;
                try {
                    response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    continue;
                }
                long received = System.nanoTime();
                roundTrips.add(Duration.ofNanos(received - sent));
                if (response.statusCode() != 200) {
                    continue;
                }
                etag = response.headers().firstValue("ETag").orElse(null);
                Set<String> now = new HashSet<>();
                for (JsonNode incident : JsonHttp.elements(JsonHttp.MAPPER.readTree(response.body()).get("incidents"))) {
                    String id = incident.get("id").asString();
                    if (id.startsWith(prefix)) {
                        now.add(id);
                        appeared.putIfAbsent(id, received);
                    }
                }
                for (String id : open) {
                    if (!now.contains(id)) {
                        gone.putIfAbsent(id, received);
                    }
                }
                open = now;
            }
        }
    }

    /**
     * Offers {@code rate} commands a second for {@code duration} (paced: a slow answer does not lower the rate),
     * then waits for every change to be seen; one row per instance.
     */
    private static void measure(String backend, ServiceProcess commands, List<ServiceProcess> instances, String prefix,
                                int rate, Duration duration, List<String> rows) throws Exception {
        List<Watcher> watchers = new ArrayList<>();
        ExecutorService watching = Executors.newFixedThreadPool(instances.size());
        for (ServiceProcess instance : instances) {
            Watcher watcher = new Watcher(instance.name().substring(instance.name().lastIndexOf('-') + 1),
                    instance.baseUrl(), prefix);
            watchers.add(watcher);
            watching.execute(watcher);
        }
        ExecutorService answers = Executors.newFixedThreadPool(8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(answers).build();
        Map<String, Long> openedAt = new ConcurrentHashMap<>();
        Map<String, Long> resolvedAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> toResolve = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long end = start + duration.toNanos();
        long next = start;
        int opened = 0;
        while (next < end) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            // Resolve an incident every instance has shown open; otherwise open a new one.
            String resolvable = toResolve.peek();
            boolean resolve = resolvable != null && watchers.stream().allMatch(w -> w.appeared.containsKey(resolvable))
                    && toResolve.remove(resolvable);
            String id = resolve ? resolvable : prefix + "-" + opened++;
            HttpRequest request = HttpRequest.newBuilder(URI.create(commands.baseUrl() + (resolve
                            ? "/api/incidents/" + id + "/resolve" : "/api/incidents")))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", SystemTestCredentials.authorization())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(resolve ? "{\"message\": \"Fixed.\"}"
                            : "{\"id\": \"" + id + "\", \"title\": \"Latency " + id + "\", \"impact\": \"minor\", "
                            + "\"message\": \"Investigating.\"}"))
                    .build();
            sent.incrementAndGet();
            inFlight.incrementAndGet();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long answered = System.nanoTime();
                inFlight.decrementAndGet();
                if (failure != null || response.statusCode() / 100 != 2) {
                    errors.incrementAndGet();
                } else if (resolve) {
                    resolvedAt.put(id, answered);
                } else {
                    openedAt.put(id, answered);
                    toResolve.add(id);
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline && (inFlight.get() > 0 || !allSeen(watchers, openedAt, resolvedAt))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        watchers.forEach(w -> w.running.set(false));
        answers.shutdownNow();
        watching.shutdown();
        watching.awaitTermination(15, TimeUnit.SECONDS);
        double achieved = (openedAt.size() + resolvedAt.size()) / seconds;
        for (Watcher watcher : watchers) {
            LatencyStats latency = new LatencyStats();
            int unseen = addLatencies(latency, openedAt, watcher.appeared)
                    + addLatencies(latency, resolvedAt, watcher.gone);
            String row = String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %d | %s | %s | %s | %d | %d | %s / %s |",
                    backend, rate, achieved, watcher.name, latency.count(), at(latency, 50), at(latency, 99),
                    at(latency, 100), unseen, errors.get(), at(watcher.roundTrips, 50), at(watcher.roundTrips, 99));
            System.out.println((rows == null ? "warm-up " : "") + row);
            if (rows != null) {
                rows.add(row);
            }
        }
    }

    /**
     * Where an instance's part of the latency went, from its own timers over the measured rates (the warm-up's
     * counts subtracted): the event's time to its announcement on the instance (projection and poll), and one build
     * of the documents. Mean and the p99's histogram bucket; no max (Micrometer's decays and spans the warm-up).
     */
    private static String breakdown(String backend, ServiceProcess instance, String before) throws Exception {
        String after = metrics(instance);
        String name = instance.name().substring(instance.name().lastIndexOf('-') + 1);
        return "breakdown " + backend + " " + name + ": event to announced here "
                + timer(before, after, "ledger_changes_announce_delay_seconds") + "; documents built "
                + timer(before, after, "ledger_public_documents_build_seconds");
    }

    private static String metrics(ServiceProcess instance) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(instance.baseUrl()
                                + "/actuator/prometheus"))
                        .header("Authorization", SystemTestCredentials.authorization()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code n=.. mean=..ms p99<=..ms} of one Prometheus timer between two scrapes. */
    private static String timer(String before, String after, String name) {
        Map<String, Double> start = series(before, name);
        Map<String, Double> end = series(after, name);
        java.util.function.ToDoubleFunction<String> delta = key -> end.getOrDefault(key, 0.0)
                - start.getOrDefault(key, 0.0);
        double count = delta.applyAsDouble("count");
        double sum = delta.applyAsDouble("sum");
        double p99 = Double.NaN;
        // Micrometer writes the buckets in ascending order of their bound.
        for (String key : end.keySet()) {
            if (key.startsWith("le=") && delta.applyAsDouble(key) >= 0.99 * count) {
                String bound = key.substring(3);
                p99 = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                break;
            }
        }
        return String.format(Locale.ROOT, "n=%.0f mean=%.1fms p99<=%.1fms", count,
                count == 0 ? 0 : 1000 * sum / count, 1000 * p99);
    }

    /** A timer's {@code count}, {@code sum} and {@code le=<bound>} buckets, in the order scraped. */
    private static Map<String, Double> series(String metrics, String name) {
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("#") || !line.startsWith(name + "_")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith(name + "_count")) {
                values.put("count", value);
            } else if (line.startsWith(name + "_sum")) {
                values.put("sum", value);
            } else if (line.startsWith(name + "_bucket") && line.contains("le=\"")) {
                int from = line.indexOf("le=\"") + 4;
                values.put("le=" + line.substring(from, line.indexOf('"', from)), value);
            }
        }
        return values;
    }

    /** Adds, per answered command, the time from its 2xx to its change being seen; returns how many were not. */
    private static int addLatencies(LatencyStats latency, Map<String, Long> answeredAt, Map<String, Long> seenAt) {
        int unseen = 0;
        for (Map.Entry<String, Long> answered : answeredAt.entrySet()) {
            Long seen = seenAt.get(answered.getKey());
            if (seen == null) {
                unseen++;
            } else {
                latency.add(Duration.ofNanos(Math.max(0, seen - answered.getValue())));
            }
        }
        return unseen;
    }

    private static String at(LatencyStats stats, double percentile) {
        return stats.count() == 0 ? "-" : LatencyStats.millis(stats.percentile(percentile));
    }

    private static boolean allSeen(List<Watcher> watchers, Map<String, Long> openedAt, Map<String, Long> resolvedAt) {
        return watchers.stream().allMatch(w -> w.appeared.keySet().containsAll(openedAt.keySet())
                && w.gone.keySet().containsAll(resolvedAt.keySet()));
    }
}
