package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.incidentledger.systemtest.support.BrowserScripts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.SystemTestCredentials;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.RepoPaths;
import tools.jackson.databind.JsonNode;

/**
 * The status page in a real browser. Starts both services on H2 (with the demo loaded), seeds through the command
 * API — components, an open incident, a history of short outages on distinct days for the uptime bars, and script
 * and event-handler payloads in names, titles, updates and a post-mortem — then runs
 * {@code system-tests/browser/status-page.test.mjs} (Playwright driving Debian's chromium, axe-core) against the
 * running services. That script does the checking and prints each check; this test fails with its output when it
 * exits non-zero. Needs {@code node}, {@code npm} and {@code /usr/bin/chromium} (.ci/run installs them).
 *
 * <p>Then, on the same services, scheduled maintenance (SPEC §7): one scheduled and started through command-service's
 * maintenance API, one upcoming, and {@code system-tests/browser/maintenance.test.mjs} checks the banner, the upcoming
 * section in the reader's zone, the maintenance pages and the uptime bar legend, with axe in light and dark mode. It
 * runs second, so that the page the first script checks has no maintenance on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageBrowserIT {

    static final String CHROMIUM = BrowserScripts.CHROMIUM;
    static final Duration SCRIPT_DEADLINE = Duration.ofMinutes(4);
    static final Duration PROJECTION_DEADLINE = Duration.ofSeconds(30);

    static final String XSS_SCRIPT = "<script>window.__xss=1</script>";
    static final String XSS_IMG = "<img src=x onerror=\"window.__xss=1\">";
    static final String XSS_SVG = "\"><svg onload=window.__xss=1>";
    static final String XSS_MARKDOWN_LINK = "[x](javascript:window.__xss=1)";

    static final String CHECKOUT = "bt-checkout";
    static final String SEARCH = "bt-search";
    static final String HISTORY = "bt-history";
    static final String NOTES = "bt-notes";
    static final String OPEN_INCIDENT = "bt-open";
    static final String OPEN_TITLE = "Checkout errors " + XSS_SCRIPT;
    static final String XSS_INCIDENT = "bt-xss";
    /** Statuspage's display flags: listed without an uptime bar; hidden while operational; shown while degraded. */
    static final String NO_BAR = "bt-internal";
    static final String QUIET = "bt-quiet";
    static final String FAILOVER = "bt-failover";
    static final String DEGRADED_INCIDENT = "bt-degraded";
    /** The demo's incident (command-service's HerokuJune2012): the oldest, reachable from the history. */
    static final String DEMO_INCIDENT = "heroku-2012-06-29";

    /** Major-outage minutes on the day that many days ago, and the colour Statuspage gives such a day. */
    record HistoryDay(int daysAgo, int majorMinutes, String color) {
    }

    static final List<HistoryDay> HISTORY_DAYS = List.of(
            new HistoryDay(3, 10, "yellow"),  // up to 20 weighted minutes
            new HistoryDay(5, 30, "orange"),  // 20 to 40
            new HistoryDay(7, 60, "red"));    // 40 and more

    private final BrowserScripts scripts = new BrowserScripts();
    private LedgerCluster cluster;
    private Map<String, Object> seed;

    @BeforeAll
    void startAndSeed() {
        // Fail before starting anything when the tools are missing: CI installs them, a developer should too.
        scripts.requireTools(getClass().getSimpleName());
        cluster = LedgerCluster.h2().label(getClass().getSimpleName())
                .commandServiceArgs("--incident-ledger.demo=true").start();
        seed = seed();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theStatusPageShowsTheLedgerLiveSafelyAndAccessibly() {
        scripts.installPackages();
        Path screenshot = RepoPaths.buildDir().resolve("browser").resolve("status-page.png");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUERY_URL", cluster.queries().baseUrl());
        env.put("COMMAND_URL", cluster.commands().baseUrl());
        env.put("COMMAND_TOKEN", SystemTestCredentials.TOKEN);
        env.put("STATUS_PAGE_SEED", JsonHttp.MAPPER.writeValueAsString(seed));
        env.put("SCREENSHOT_PATH", screenshot.toString());
        env.put("CHROMIUM", CHROMIUM);

        BrowserScripts.Run run = scripts.run(List.of("node", "status-page.test.mjs"), env, SCRIPT_DEADLINE);
        assertThat(run.exitCode())
                .as("node browser/status-page.test.mjs exited with %s. Its output:%n%s%nquery-service log: %s",
                        run.exitCode(), run.output(), cluster.queryService().logFile())
                .isZero();
        // Passed: the checks it ran still belong in the report.
        System.out.println("---- node browser/status-page.test.mjs ----\n" + run.output());
        assertThat(screenshot).as("the screenshot artifact").isNotEmptyFile();
    }

    static final String MAINTAINED = "bt-orders-db";

    @Test
    @Order(2)
    void scheduledMaintenanceShowsAsABannerAnUpcomingSectionItsOwnPageAndBlueDays() {
        scripts.installPackages();
        JsonHttp commands = cluster.commands();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        register(MAINTAINED, "Orders database", null, "Where orders are kept", 8);
        String active = text(commands.post("/api/maintenances", Map.of("title", "Orders database upgrade",
                "message", "We upgrade the orders database; orders may be slow.",
                "components", List.of(MAINTAINED),
                "scheduledFor", now.plus(Duration.ofMinutes(30)).toString(),
                "scheduledUntil", now.plus(Duration.ofHours(2)).toString())).expectStatus(201).json().path("id"));
        commands.post("/api/maintenances/" + active + "/start", Map.of("message", "The upgrade has begun."))
                .expectStatus(200);
        Instant upcomingFor = now.plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        Instant upcomingUntil = upcomingFor.plus(Duration.ofHours(2));
        String upcoming = text(commands.post("/api/maintenances", Map.of("title", "Search cluster move",
                "message", "Search moves to new machines.", "components", List.of(SEARCH),
                "scheduledFor", upcomingFor.toString(), "scheduledUntil", upcomingUntil.toString()))
                .expectStatus(201).json().path("id"));
        JsonHttp queries = cluster.queries();
        await("query-service projects the maintenances").atMost(PROJECTION_DEADLINE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "in_progress".equals(text(queries.get("/api/maintenances/" + active).json().path("status")))
                        && queries.get("/api/maintenances/" + upcoming).status() == 200);

        Map<String, Object> maintenanceSeed = new LinkedHashMap<>();
        maintenanceSeed.put("activeId", active);
        maintenanceSeed.put("activeComponentId", MAINTAINED);
        maintenanceSeed.put("upcomingId", upcoming);
        maintenanceSeed.put("upcomingScheduledFor", upcomingFor.toString());
        maintenanceSeed.put("upcomingScheduledUntil", upcomingUntil.toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUERY_URL", queries.baseUrl());
        env.put("MAINTENANCE_SEED", JsonHttp.MAPPER.writeValueAsString(maintenanceSeed));
        env.put("SCREENSHOT_DIR", RepoPaths.buildDir().resolve("browser").toString());
        env.put("CHROMIUM", CHROMIUM);

        BrowserScripts.Run run = scripts.run(List.of("node", "maintenance.test.mjs"), env, SCRIPT_DEADLINE);
        assertThat(run.exitCode())
                .as("node browser/maintenance.test.mjs exited with %s. Its output:%n%s%nquery-service log: %s",
                        run.exitCode(), run.output(), cluster.queryService().logFile())
                .isZero();
        System.out.println("---- node browser/maintenance.test.mjs ----\n" + run.output());
    }

    // ---- seeding through the command API ------------------------------------------------------------------------

    private Map<String, Object> seed() {
        JsonHttp commands = cluster.commands();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        register(CHECKOUT, "Checkout", "Storefront", "Payments and orders", 1);
        register(SEARCH, "Search", "Storefront", "Product search", 2);
        register(HISTORY, "Image delivery", null, "Resizing and CDN origin", 3);
        register(NOTES, "Release notes " + XSS_IMG, null, "Changelog " + XSS_SCRIPT, 4);
        register(NO_BAR, "Internal tools", null, "Listed, but not showcased: no uptime bar", 5, false, false);
        register(QUIET, "Standby region", null, "Shown only while degraded", 6, true, true);
        register(FAILOVER, "Failover DNS", null, "Shown only while degraded", 7, true, true);

        // The uptime history: one short major outage on each of three distinct past days (UTC, the page's zone).
        Map<String, String> colors = new LinkedHashMap<>();
        for (HistoryDay day : HISTORY_DAYS) {
            LocalDate date = today.minusDays(day.daysAgo());
            Instant start = date.atTime(12, 0).toInstant(ZoneOffset.UTC);
            String id = "bt-history-" + day.daysAgo();
            commands.post("/api/incidents", Map.of("id", id, "title", "Slow image delivery (" + date + ")",
                    "impact", "major", "message", "Images fail to load.", "at", start.toString(),
                    "components", Map.of(HISTORY, "major_outage"))).expectStatus(201);
            commands.post("/api/incidents/" + id + "/resolve", Map.of("message", "Images load again.",
                    "at", start.plus(Duration.ofMinutes(day.majorMinutes())).toString())).expectStatus(200);
            colors.put(date.toString(), day.color());
        }
        // Days between the outages, after the component's first recorded trouble: no downtime at all.
        colors.put(today.minusDays(4).toString(), "green");
        colors.put(today.minusDays(6).toString(), "green");

        // The open incident, with payloads in its title and updates.
        commands.post("/api/incidents", Map.of("id", OPEN_INCIDENT, "title", OPEN_TITLE, "impact", "major",
                "message", "We are investigating failed payments " + XSS_IMG,
                "at", now.minus(Duration.ofMinutes(20)).toString(),
                "components", Map.of(CHECKOUT, "major_outage"))).expectStatus(201);
        commands.post("/api/incidents/" + OPEN_INCIDENT + "/updates", Map.of("status", "identified",
                "message", "Cause found " + XSS_SVG + " see " + XSS_MARKDOWN_LINK,
                "at", now.minus(Duration.ofMinutes(10)).toString(),
                "components", Map.of(CHECKOUT, "major_outage"))).expectStatus(201);

        // The only-if-degraded component that is shown: it is degraded.
        commands.post("/api/incidents", Map.of("id", DEGRADED_INCIDENT, "title", "Slow DNS failover",
                "impact", "minor", "message", "Failover lookups are slow.",
                "at", now.minus(Duration.ofMinutes(15)).toString(),
                "components", Map.of(FAILOVER, "degraded_performance"))).expectStatus(201);

        // A resolved incident whose every text is a payload, with a Markdown post-mortem full of them.
        commands.post("/api/incidents", Map.of("id", XSS_INCIDENT, "title", XSS_SVG, "impact", "minor",
                "message", XSS_IMG, "at", now.minus(Duration.ofHours(2)).toString(),
                "components", Map.of(NOTES, "degraded_performance"))).expectStatus(201);
        commands.post("/api/incidents/" + XSS_INCIDENT + "/resolve", Map.of("message", XSS_SCRIPT,
                "at", now.minus(Duration.ofHours(1)).toString())).expectStatus(200);
        commands.post("/api/incidents/" + XSS_INCIDENT + "/postmortem", Map.of("body", String.join("\n",
                "# What happened " + XSS_SCRIPT,
                "",
                "Read " + XSS_MARKDOWN_LINK + " and [this](JAVASCRIPT:window.__xss=1) or " + XSS_IMG + ".",
                "",
                XSS_SVG,
                "",
                "<a href=\"javascript:window.__xss=1\">raw link</a> <iframe src=\"javascript:window.__xss=1\"></iframe>",
                "",
                "![img](x \"t\" onerror=window.__xss=1)"))).expectStatus(200);

        JsonNode open = awaitProjected();
        List<String> openUpdateIds = new ArrayList<>();
        elements(open.path("updates")).forEach(update -> openUpdateIds.add(text(update.path("id"))));
        assertThat(openUpdateIds).as("updates of %s", OPEN_INCIDENT).hasSize(2);

        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("components", List.of(CHECKOUT, SEARCH, HISTORY, NOTES));
        seed.put("openIncidentId", OPEN_INCIDENT);
        seed.put("openIncidentUpdateIds", openUpdateIds);
        seed.put("liveComponentId", CHECKOUT);
        seed.put("uptime", Map.of("componentId", HISTORY, "colors", colors));
        seed.put("xss", Map.of("incidentIds", List.of(OPEN_INCIDENT, XSS_INCIDENT), "visibleTitle", OPEN_TITLE));
        seed.put("flags", Map.of("noBar", NO_BAR, "hiddenWhileOperational", QUIET, "shownWhileDegraded", FAILOVER));
        seed.put("group", "Storefront");
        // The red day of the history component links to the incidents of that day, among them this one.
        HistoryDay red = HISTORY_DAYS.get(HISTORY_DAYS.size() - 1);
        seed.put("dayLink", Map.of("componentId", HISTORY, "date", today.minusDays(red.daysAgo()).toString(),
                "incidentId", "bt-history-" + red.daysAgo()));
        seed.put("history", Map.of("incidentIds", List.of(OPEN_INCIDENT, XSS_INCIDENT, DEGRADED_INCIDENT),
                "oldestIncidentId", DEMO_INCIDENT));
        return seed;
    }

    private void register(String id, String name, String group, String description, int position) {
        register(id, name, group, description, position, null, null);
    }

    private void register(String id, String name, String group, String description, int position, Boolean showcase,
                          Boolean onlyShowIfDegraded) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", name);
        if (group != null) {
            body.put("group", group);
        }
        body.put("description", description);
        body.put("position", position);
        if (showcase != null) {
            body.put("showcase", showcase);
        }
        if (onlyShowIfDegraded != null) {
            body.put("onlyShowIfDegraded", onlyShowIfDegraded);
        }
        cluster.commands().post("/api/components", body).expectStatus(201);
    }

    /** Waits until query-service shows the last seeded change of each processor; returns the open incident. */
    private JsonNode awaitProjected() {
        JsonHttp queries = cluster.queries();
        await("query-service projects the seed").atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonHttp.Response xss = queries.get("/api/incidents/" + XSS_INCIDENT);
                    JsonHttp.Response status = queries.get("/api/status");
                    return xss.status() == 200 && !xss.json().path("postmortem").isNull()
                            && !xss.json().path("postmortem").isMissingNode()
                            && elements(status.json().path("components")).stream()
                            .anyMatch(c -> FAILOVER.equals(text(c.path("id"))))
                            && queries.get("/api/incidents/" + DEGRADED_INCIDENT).status() == 200
                            && queries.get("/api/incidents/" + DEMO_INCIDENT).status() == 200;
                });
        return queries.get("/api/incidents/" + OPEN_INCIDENT).expectStatus(200).json();
    }
}
