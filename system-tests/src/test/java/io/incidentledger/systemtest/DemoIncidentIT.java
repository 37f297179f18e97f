package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.instant;
import static io.incidentledger.systemtest.support.JsonHttp.longValue;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.Report;
import tools.jackson.databind.JsonNode;

/**
 * {@code --incident-ledger.demo=true} replays Heroku's 29 June 2012 incident (the seed) through command-service's
 * own API; the downtime query-service computes for it must be the seed's figures to the second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIncidentIT {

    // ---- the seed: what the demo loads and what it must add up to ----------------------------------------------
    static final String DEMO_INCIDENT_ID = "heroku-2012-06-29";
    static final Instant DEMO_STARTED_AT = Instant.parse("2012-06-30T03:04:00Z");
    static final String BAMBOO = "bamboo";
    static final String CEDAR = "cedar";
    /** Seconds per status, in the order major_outage, partial_outage, degraded_performance, under_maintenance. */
    static final Map<String, Long> BAMBOO_SECONDS = seconds(13_800, 3_060, 34_200, 0);
    static final Map<String, Long> CEDAR_SECONDS = seconds(0, 8_820, 10_200, 0);
    static final String API = "api";
    static final String POSTGRES = "postgres";
    static final String DEV_DATABASES = "dev-databases";
    /** API: disabled or read-only 3h41m, then deploys blocked 1h30m. */
    static final Map<String, Long> API_SECONDS = seconds(13_260, 5_400, 0, 0);
    /** Production databases: 20% down up to 7h, a further 8% another 10h: 17h at major, in two fractions. */
    static final Map<String, Long> POSTGRES_SECONDS = seconds(61_200, 0, 0, 0);
    /** Shared and beta databases: some offline up to 23h in all. */
    static final Map<String, Long> DEV_DATABASES_SECONDS = seconds(82_800, 0, 0, 0);
    static final Map<String, String> LABELS = Map.of(BAMBOO, "Bamboo", CEDAR, "Cedar", API, "API",
            POSTGRES, "Production databases", DEV_DATABASES, "Shared and beta databases");

    /** The demo is loaded after start-up through the command API, then projected. */
    static final Duration DEMO_DEADLINE = Duration.ofSeconds(90);

    private LedgerCluster cluster;

    @BeforeAll
    void start() {
        cluster = LedgerCluster.h2().label(getClass().getSimpleName())
                .commandServiceArgs("--incident-ledger.demo=true")
                .start();
        Report.line(cluster.startupLine());
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theDemoIncidentsDowntimeIsTheSeedsToTheSecond() {
        JsonNode[] holder = new JsonNode[1];
        await("demo incident " + DEMO_INCIDENT_ID + " loaded, resolved and projected")
                .atMost(DEMO_DEADLINE)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonHttp.Response response = cluster.queries().get("/api/incidents/" + DEMO_INCIDENT_ID + "/downtime");
                    if (response.status() == 200 && "false".equals(text(response.json().path("ongoing")))) {
                        holder[0] = response.json();
                        return true;
                    }
                    return false;
                });
        JsonNode downtime = holder[0];

        Map<String, Long> bamboo = CrossServiceContract.secondsOf(downtime, BAMBOO);
        Map<String, Long> cedar = CrossServiceContract.secondsOf(downtime, CEDAR);
        Report.line("DEMO %s downtime, ledger (seed):", DEMO_INCIDENT_ID);
        Report.line("  %s", row(downtime, BAMBOO, bamboo, BAMBOO_SECONDS));
        Report.line("  %s", row(downtime, CEDAR, cedar, CEDAR_SECONDS));
        Map<String, Map<String, Long>> others = new LinkedHashMap<>();
        others.put(API, API_SECONDS);
        others.put(POSTGRES, POSTGRES_SECONDS);
        others.put(DEV_DATABASES, DEV_DATABASES_SECONDS);
        others.forEach((id, seed) -> Report.line("  %s", row(downtime, id, CrossServiceContract.secondsOf(downtime, id), seed)));

        assertThat(instant(downtime.path("startedAt"))).isEqualTo(DEMO_STARTED_AT);
        assertThat(bamboo).as("Bamboo seconds").isEqualTo(BAMBOO_SECONDS);
        assertThat(cedar).as("Cedar seconds").isEqualTo(CEDAR_SECONDS);
        assertThat(longValue(CrossServiceContract.componentOf(downtime, BAMBOO).path("impactedSeconds")))
                .as("Bamboo impacted seconds").isEqualTo(total(BAMBOO_SECONDS));
        assertThat(longValue(CrossServiceContract.componentOf(downtime, CEDAR).path("impactedSeconds")))
                .as("Cedar impacted seconds").isEqualTo(total(CEDAR_SECONDS));
        others.forEach((id, seed) -> assertThat(CrossServiceContract.secondsOf(downtime, id)).as(id + " seconds")
                .isEqualTo(seed));

        // Heroku reported uptime weighted by the share of customers affected: over the incident's 23 hours the
        // production databases were down 0.2 x 7h + 0.08 x 10h = 7920 s of 82800 s, i.e. 90.4348 % up.
        JsonNode weighted = cluster.queries().get("/api/downtime?from=" + DEMO_STARTED_AT + "&to="
                + DEMO_STARTED_AT.plus(Duration.ofHours(23)) + "&profile=weighted").expectStatus(200).json();
        assertThat(CrossServiceContract.componentOf(weighted, POSTGRES).path("uptimePercent").asDouble())
                .as("production databases, weighted uptime").isCloseTo(90.4348, org.assertj.core.data.Offset.offset(0.001));
    }

    /** {@code Bamboo: major 3h50m (seed 3h50m), partial 51m (seed 51m), degraded 9h30m (seed 9h30m)}. */
    private static String row(JsonNode downtime, String componentId, Map<String, Long> actual, Map<String, Long> seed) {
        String name = elements(downtime.path("components")).stream()
                .filter(c -> componentId.equals(text(c.path("componentId"))))
                .map(c -> text(c.path("name")))
                .filter(n -> n != null && !n.isBlank())
                .findFirst()
                .orElse(LABELS.get(componentId));
        StringBuilder line = new StringBuilder(LABELS.getOrDefault(componentId, name)).append(':');
        String[][] columns = {
                {CrossServiceContract.MAJOR, "major"}, {CrossServiceContract.PARTIAL, "partial"},
                {CrossServiceContract.DEGRADED, "degraded"}, {CrossServiceContract.MAINTENANCE, "maintenance"}};
        String separator = " ";
        for (String[] column : columns) {
            long got = actual.get(column[0]);
            long want = seed.get(column[0]);
            if (got == 0 && want == 0) {
                continue;
            }
            line.append(separator).append(column[1]).append(' ').append(hm(got)).append(" (seed ").append(hm(want))
                    .append(')').append(got == want ? "" : " MISMATCH");
            separator = ", ";
        }
        return line + " [" + name + "]";
    }

    /** 13800 -> 3h50m, 3060 -> 51m, 59 -> 59s. */
    static String hm(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        String text = (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + (s > 0 ? s + "s" : "");
        return text.isEmpty() ? "0m" : text;
    }

    private static Map<String, Long> seconds(long major, long partial, long degraded, long maintenance) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put(CrossServiceContract.MAJOR, major);
        map.put(CrossServiceContract.PARTIAL, partial);
        map.put(CrossServiceContract.DEGRADED, degraded);
        map.put(CrossServiceContract.MAINTENANCE, maintenance);
        return map;
    }

    private static long total(Map<String, Long> seconds) {
        return seconds.values().stream().mapToLong(Long::longValue).sum();
    }
}
