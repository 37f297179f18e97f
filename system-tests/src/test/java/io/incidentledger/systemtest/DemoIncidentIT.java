package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.instant;
import static io.incidentledger.systemtest.support.JsonHttp.longValue;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * {@code --incident-ledger.demo=true} replays Heroku's 29 June 2012 incident (the seed) through command-service's
 * own API; the downtime query-service computes for it must be the seed's figures to the second. It also loads a
 * recent history relative to now ({@code demo-recent-1..7}), so the status page a newcomer opens shows incidents
 * of the last 90 days, one of them still open, rather than green bars and "No incidents reported".
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

    // ---- the recent history: generated relative to now at first load --------------------------------------------
    static final String RECENT_PREFIX = "demo-recent-";
    static final int RECENT_INCIDENTS = 7;
    static final String RECENT_OPEN = RECENT_PREFIX + RECENT_INCIDENTS;
    static final String RECENT_CORRECTED = RECENT_PREFIX + 3;
    /** How many days of past incidents the front page lists (query-service's StatusPage.PAST_DAYS). */
    static final int PAGE_PAST_DAYS = 14;
    private static final Pattern PAST_INCIDENT = Pattern.compile("data-past-incident-id=\"([^\"]+)\"");
    private static final Pattern UPTIME_DAY_COLOR = Pattern.compile("data-color=\"([a-z]+)\"");

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

    private static final String DEMO_DRILL = "demo-maintenance-drill";
    private static final String DEMO_UPGRADE = "demo-maintenance-upgrade";

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

    @Test
    void theDemoAlsoHasARecentHistoryThatThePageShows() {
        Instant now = Instant.now();
        List<JsonNode> incidents = elements(awaitRecentHistory().path("incidents"));
        List<JsonNode> lastNinetyDays = incidents.stream()
                .filter(i -> !instant(i.path("started_at")).isBefore(now.minus(Duration.ofDays(90))))
                .toList();
        Report.line("DEMO recent history: %d incidents in incidents.json, %d started in the last 90 days:",
                incidents.size(), lastNinetyDays.size());
        lastNinetyDays.forEach(i -> Report.line("  %s %-8s %-12s %s  %s", text(i.path("started_at")),
                text(i.path("impact")), text(i.path("status")), text(i.path("id")), text(i.path("name"))));

        assertThat(lastNinetyDays).extracting(i -> text(i.path("id")))
                .as("incidents of the last 90 days").hasSize(RECENT_INCIDENTS).allMatch(id -> id.startsWith(RECENT_PREFIX));
        assertThat(lastNinetyDays).extracting(i -> instant(i.path("started_at")))
                .as("every recent start in the past").allMatch(at -> !at.isAfter(Instant.now()));
        assertThat(lastNinetyDays.stream().map(i -> text(i.path("impact"))).collect(Collectors.toSet()))
                .as("impacts").contains("minor", "major", "critical");
        List<JsonNode> unresolved = lastNinetyDays.stream().filter(i -> !"resolved".equals(text(i.path("status"))))
                .toList();
        assertThat(unresolved).extracting(i -> text(i.path("id"))).as("unresolved").containsExactly(RECENT_OPEN);
        assertThat(unresolved.get(0).path("resolved_at").isNull()).as("resolved_at of the open one").isTrue();
        assertThat(incidents).extracting(i -> text(i.path("id"))).as("the seed is listed too")
                .contains(DEMO_INCIDENT_ID);
        assertThat(elements(cluster.queries().get("/api/v2/incidents/unresolved.json").expectStatus(200).json()
                .path("incidents"))).extracting(i -> text(i.path("id"))).containsExactly(RECENT_OPEN);
        assertThat(text(cluster.queries().get("/api/v2/status.json").expectStatus(200).json()
                .path("status").path("indicator"))).as("the page's indicator with Cedar degraded").isEqualTo("minor");

        JsonNode corrected = cluster.queries().get("/api/incidents/" + RECENT_CORRECTED).expectStatus(200).json();
        assertThat(elements(corrected.path("corrections"))).as("corrections of %s", RECENT_CORRECTED).isNotEmpty();
        assertThat(corrected.path("postmortem").isObject()).as("post-mortem of %s", RECENT_CORRECTED).isTrue();
        assertThat(text(corrected.path("impact"))).isEqualTo("critical");

        // The front page: the open incident on top, past incidents on their days, coloured days in the bars.
        String[] page = new String[1];
        await("the status page shows the recent history").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonHttp.Response response = cluster.queries().send("GET", "/", null, Map.of("Accept", "text/html"));
                    page[0] = response.rawBody();
                    return response.status() == 200 && page[0].contains("data-incident-id=\"" + RECENT_OPEN + "\"");
                });
        String html = page[0];
        assertThat(html).as("the open-incidents section").contains("id=\"open-heading\"")
                .contains("Elevated response times on Cedar");
        Set<String> pastIds = new LinkedHashSet<>();
        Matcher past = PAST_INCIDENT.matcher(html);
        while (past.find()) {
            pastIds.add(past.group(1));
        }
        long emptyDays = Pattern.compile("No incidents reported\\.").matcher(html).results().count();
        Map<String, Long> colors = UPTIME_DAY_COLOR.matcher(html).results()
                .collect(Collectors.groupingBy(m -> m.group(1), LinkedHashMap::new, Collectors.counting()));
        Report.line("DEMO status page: past incidents listed %s; %d of %d days say \"No incidents reported\"; "
                + "uptime-bar days by colour %s", pastIds, emptyDays, PAGE_PAST_DAYS, colors);
        assertThat(pastIds).as("incidents listed under past incidents (last %d days)", PAGE_PAST_DAYS)
                .hasSizeGreaterThanOrEqualTo(3).contains(RECENT_OPEN).allMatch(id -> id.startsWith(RECENT_PREFIX));
        assertThat(emptyDays).as("days saying \"No incidents reported.\"").isLessThan(PAGE_PAST_DAYS);
        assertThat(colors.keySet()).as("uptime-bar colours").contains("green")
                .containsAnyOf("yellow", "orange", "red");
    }

    /**
     * A newcomer sees both kinds of maintenance: the drill done ten days ago (completed, in the Statuspage list and
     * on its own page) and the upgrade three days ahead (upcoming, in its own section of the front page).
     */
    @Test
    void theDemoHasACompletedAndAnUpcomingMaintenance() {
        JsonNode[] all = new JsonNode[1];
        await("both demo maintenances projected").atMost(DEMO_DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonHttp.Response response = cluster.queries().get("/api/v2/scheduled-maintenances.json");
                    all[0] = response.status() == 200 ? response.json() : null;
                    return all[0] != null && elements(all[0].path("scheduled_maintenances")).size() >= 2;
                });
        Map<String, String> statusById = elements(all[0].path("scheduled_maintenances")).stream()
                .collect(Collectors.toMap(m -> text(m.path("id")), m -> text(m.path("status"))));
        Report.line("DEMO maintenances in scheduled-maintenances.json: %s", statusById);
        assertThat(statusById).containsEntry(DEMO_DRILL, "completed").containsEntry(DEMO_UPGRADE, "scheduled");

        List<JsonNode> upcoming = elements(cluster.queries().get("/api/v2/scheduled-maintenances/upcoming.json")
                .expectStatus(200).json().path("scheduled_maintenances"));
        assertThat(upcoming).extracting(m -> text(m.path("id"))).containsExactly(DEMO_UPGRADE);
        assertThat(instant(upcoming.get(0).path("scheduled_for"))).as("the upgrade is ahead")
                .isAfter(Instant.now().plus(Duration.ofDays(2)));
        assertThat(upcoming.get(0).path("impact").asString()).isEqualTo("maintenance");

        String html = cluster.queries().send("GET", "/", null, Map.of("Accept", "text/html")).rawBody();
        assertThat(html).as("the upcoming section names the upgrade").contains("data-maintenance-id=\"" + DEMO_UPGRADE + "\"");
        assertThat(cluster.queries().send("GET", "/maintenances/" + DEMO_DRILL, null, Map.of("Accept", "text/html"))
                .status()).as("the drill's own page").isEqualTo(200);
    }

    /**
     * Starting command-service again with {@code --demo} on the same database (a second process, as a restart would
     * be, with its own now): the recent history was generated against the first start's now and is not added again
     * (every opening meets a 409), the service comes up, and the ledger is unchanged.
     */
    @Test
    void aRestartWithTheDemoAddsNothing() throws Exception {
        awaitRecentHistory();
        awaitSeedResolved();
        Map<String, String> before = ledgerShape();

        List<String> args = new ArrayList<>(cluster.databaseArgs());
        args.add("--incident-ledger.demo=true");
        try (ServiceProcess again = ServiceProcess.start(getClass().getSimpleName() + "-restart-command-service",
                RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE), FreePorts.next(), args,
                ServiceProcess.DEFAULT_START_DEADLINE)) {
            await("the restarted demo loader finds everything there").atMost(DEMO_DEADLINE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(again.isAlive()).as("the restarted command-service runs; its log:%n%s",
                                again.logTail()).isTrue();
                        return Files.readString(again.logFile()).contains("Demo recent history (" + RECENT_PREFIX);
                    });
            String log = Files.readString(again.logFile());
            Report.line("DEMO restart: %s", log.lines().filter(l -> l.contains("Demo ")).map(String::strip)
                    .map(l -> l.substring(l.indexOf("Demo "))).collect(Collectors.joining(" | ")));
            assertThat(log).contains("Demo incident " + DEMO_INCIDENT_ID + " is already in the ledger")
                    .doesNotContain("Demo loaded").doesNotContain("was refused");
            assertThat(again.isAlive()).isTrue();
            // Anything it had sent would be projected within a second (the loader logs after its last answer).
            await("nothing added after the restart").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> ledgerShape().equals(before));
        }
    }

    /** Waits until query-service lists all of {@code demo-recent-1..7}, the open one last; returns incidents.json. */
    private JsonNode awaitRecentHistory() {
        JsonNode[] holder = new JsonNode[1];
        await("the recent history " + RECENT_PREFIX + "1.." + RECENT_INCIDENTS + " loaded and projected")
                .atMost(DEMO_DEADLINE)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonHttp.Response response = cluster.queries().get("/api/v2/incidents.json");
                    if (response.status() != 200) {
                        return false;
                    }
                    long recent = elements(response.json().path("incidents")).stream()
                            .filter(i -> text(i.path("id")).startsWith(RECENT_PREFIX)).count();
                    JsonHttp.Response open = cluster.queries().get("/api/incidents/" + RECENT_OPEN);
                    // The open incident is the last one loaded; its last update says "monitoring".
                    if (recent == RECENT_INCIDENTS && open.status() == 200
                            && "monitoring".equals(text(open.json().path("status")))) {
                        holder[0] = response.json();
                        return true;
                    }
                    return false;
                });
        return holder[0];
    }

    private void awaitSeedResolved() {
        await("demo incident " + DEMO_INCIDENT_ID + " resolved").atMost(DEMO_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "resolved".equals(text(cluster.queries().get("/api/incidents/" + DEMO_INCIDENT_ID)
                        .json().path("status"))));
    }

    /** Per incident: its status, how many updates and corrections it has, and whether it has a post-mortem. */
    private Map<String, String> ledgerShape() {
        Map<String, String> shape = new TreeMap<>();
        JsonNode all = cluster.queries().get("/api/incidents?state=all&size=100").expectStatus(200).json();
        for (JsonNode summary : elements(all.path("items"))) {
            String id = text(summary.path("id"));
            JsonNode detail = cluster.queries().get("/api/incidents/" + id).expectStatus(200).json();
            shape.put(id, text(detail.path("status")) + " updates=" + elements(detail.path("updates")).size()
                    + " corrections=" + elements(detail.path("corrections")).size()
                    + " postmortem=" + detail.path("postmortem").isObject());
        }
        assertThat(shape).as("incidents listed by /api/incidents").hasSize(RECENT_INCIDENTS + 1);
        return shape;
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
