package io.incidentledger.query.report;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/reports/uptime: the SLA table, per component, group or page, over a window or month by month. */
class UptimeReportApiTest extends QueryApiTest {

    private static final Instant MAY_15 = Instant.parse("2012-05-15T00:00:00Z");
    private static final Instant JUNE_1 = Instant.parse("2012-06-01T00:00:00Z");
    private static final Instant JULY_1 = Instant.parse("2012-07-01T00:00:00Z");
    private static final Instant JULY_10 = Instant.parse("2012-07-10T00:00:00Z");
    private static final String WINDOW = "from=" + MAY_15 + "&to=" + JULY_10;

    /** Two components of one group: x down 2h in June and partly down 1h in July, y only slow in May. */
    private record Fixture(String group, String x, String y) {
    }

    private Fixture fixture(String xName) {
        String group = "@ops " + uniqueId("g");
        String x = uniqueId("x");
        String y = uniqueId("y");
        append("Component", x, new ComponentRegistered(x, xName, group, null, 1));
        append("Component", y, new ComponentRegistered(y, "Name of " + y, group, null, 2));
        resolveIncident(openIncident(Instant.parse("2012-06-10T00:00:00Z"), declare(x, MAJOR)),
                Instant.parse("2012-06-10T02:00:00Z"));
        resolveIncident(openIncident(JULY_1, declare(x, PARTIAL, 0.5)), JULY_1.plus(Duration.ofHours(1)));
        resolveIncident(openIncident(Instant.parse("2012-05-20T00:00:00Z"), declare(y, DEGRADED)),
                Instant.parse("2012-05-20T05:00:00Z"));
        awaitProjections();
        return new Fixture(group, x, y);
    }

    @Test
    void eachComponentsUptimeMonthByMonthInCalendarMonthsClippedToTheWindow() {
        Fixture f = fixture("Name of x");

        JsonNode report = getJson("/api/reports/uptime?" + WINDOW + "&period=month");

        assertThat(report.path("from").asString()).isEqualTo(MAY_15.toString());
        assertThat(report.path("to").asString()).isEqualTo(JULY_10.toString());
        assertThat(report.path("profile").asString()).isEqualTo("statuspage");
        assertThat(report.path("level").asString()).isEqualTo("component");
        assertThat(report.path("period").asString()).isEqualTo("month");
        List<JsonNode> x = rows(report, f.x());
        assertThat(x).extracting(r -> r.path("period").asString()).containsExactly("2012-05", "2012-06", "2012-07");
        assertThat(x).extracting(r -> r.path("from").asString())
                .containsExactly(MAY_15.toString(), JUNE_1.toString(), JULY_1.toString());
        assertThat(x).extracting(r -> r.path("to").asString())
                .containsExactly(JUNE_1.toString(), JULY_1.toString(), JULY_10.toString());
        assertThat(x).extracting(r -> r.path("windowSeconds").asLong()).containsExactly(17 * 86_400L, 30 * 86_400L,
                9 * 86_400L);
        assertThat(x.get(0).path("uptimePercent").asDouble()).isEqualTo(100.0);
        assertThat(seconds(x.get(1))).isEqualTo(seconds(7200, 0, 0, 0));
        assertThat(x.get(1).path("uptimePercent").asDouble()).isEqualTo(percent(1 - 7200.0 / (30 * 86_400)));
        assertThat(seconds(x.get(2))).isEqualTo(seconds(0, 3600, 0, 0));
        assertThat(x.get(2).path("uptimePercent").asDouble()).isEqualTo(percent(1 - 0.3 * 3600 / (9 * 86_400)));
        assertThat(x.get(2).path("group").asString()).isEqualTo(f.group());
        // Slow is up.
        List<JsonNode> y = rows(report, f.y());
        assertThat(seconds(y.get(0))).isEqualTo(seconds(0, 0, 5 * 3600, 0));
        assertThat(y).extracting(r -> r.path("uptimePercent").asDouble()).containsOnly(100.0);
    }

    @Test
    void theAccountingProfileDecidesHowMuchAPartialOutageCosts() {
        Fixture f = fixture("Name of x");
        double july = 9 * 86_400;

        assertThat(rows(getJson("/api/reports/uptime?" + WINDOW + "&period=month&profile=strict"), f.x()).get(2)
                .path("uptimePercent").asDouble()).isEqualTo(percent(1 - 3600 / july));
        assertThat(rows(getJson("/api/reports/uptime?" + WINDOW + "&period=month&profile=weighted"), f.x()).get(2)
                .path("uptimePercent").asDouble()).isEqualTo(percent(1 - 0.5 * 3600 / july));
    }

    @Test
    void aGroupsUptimeIsTheMeanOfItsMembersAndItsSecondsThoseOfItsWorstOfTimeline() {
        Fixture f = fixture("Name of x");

        JsonNode whole = getJson("/api/reports/uptime?" + WINDOW + "&level=group");
        List<JsonNode> group = rows(whole, f.group());
        assertThat(group).hasSize(1);
        JsonNode row = group.get(0);
        assertThat(row.path("level").asString()).isEqualTo("group");
        assertThat(row.path("period").isNull()).isTrue();
        List<String> members = new ArrayList<>();
        row.path("components").forEach(c -> members.add(c.asString()));
        assertThat(members).containsExactly(f.x(), f.y());
        long window = 56 * 86_400L;
        assertThat(row.path("windowSeconds").asLong()).isEqualTo(window);
        assertThat(seconds(row)).isEqualTo(seconds(7200, 3600, 5 * 3600, 0));
        double xUptime = 1 - (7200 + 0.3 * 3600) / window;
        assertThat(row.path("uptimePercent").asDouble()).isEqualTo(percent((xUptime + 1.0) / 2));
        // Only groups: an ungrouped component is no group's member.
        whole.path("rows").forEach(r -> assertThat(r.path("level").asString()).isEqualTo("group"));
    }

    @Test
    void thePagesUptimeIsTheMeanOfEveryActiveComponent() {
        String z = registerComponent("z");
        Instant january = Instant.parse("1987-01-01T00:00:00Z");
        resolveIncident(openIncident(january.plus(Duration.ofDays(9)), declare(z, MAJOR)),
                january.plus(Duration.ofDays(9)).plus(Duration.ofHours(1)));
        awaitProjections();

        JsonNode report = getJson("/api/reports/uptime?from=" + january + "&to=1987-02-01T00:00:00Z&level=page");

        assertThat(report.path("rows")).hasSize(1);
        JsonNode page = report.path("rows").get(0);
        assertThat(page.path("level").asString()).isEqualTo("page");
        assertThat(page.path("id").asString()).isEqualTo("incident-ledger");
        int components = page.path("components").size();
        assertThat(components).isGreaterThanOrEqualTo(1);
        assertThat(seconds(page)).isEqualTo(seconds(3600, 0, 0, 0));
        assertThat(page.path("uptimePercent").asDouble())
                .isEqualTo(percent(1 - 3600.0 / (31 * 86_400) / components));
    }

    @Test
    void aWindowReachingPastNowEndsAtNow() {
        String c = registerComponent("c");
        Instant from = now.minus(Duration.ofHours(2));
        openIncident(now.minus(Duration.ofHours(1)), declare(c, MAJOR));
        awaitProjections();

        JsonNode row = rows(getJson("/api/reports/uptime?from=" + from + "&to=" + now.plus(Duration.ofDays(30))), c)
                .get(0);
        assertThat(row.path("to").asString()).isEqualTo(now.toString());
        assertThat(row.path("windowSeconds").asLong()).isEqualTo(7200);
        assertThat(row.path("uptimePercent").asDouble()).isEqualTo(50.0);
    }

    @Test
    void asCsvItIsAnRfc4180AttachmentSafeToOpenInASpreadsheet() {
        Fixture f = fixture("=cmd, \"EU\" edge");

        for (Response response : List.of(get("/api/reports/uptime?" + WINDOW + "&period=month&format=csv", "*/*"),
                get("/api/reports/uptime?" + WINDOW + "&period=month", "text/csv"))) {
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(response.header("Content-Type").orElseThrow()).isEqualToIgnoringCase("text/csv;charset=UTF-8");
            assertThat(response.header("Content-Disposition").orElseThrow()).isEqualTo("attachment; "
                    + "filename=\"uptime-component-by-month-20120515T000000Z-20120710T000000Z.csv\"");
            String body = response.body();
            assertThat(body).endsWith("\r\n");
            assertThat(body.replace("\r\n", "")).doesNotContain("\n");
            List<String> lines = Arrays.asList(body.split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("period,from,to,level,id,name,group,window_seconds,"
                    + "major_outage_seconds,partial_outage_seconds,degraded_performance_seconds,"
                    + "under_maintenance_seconds,impacted_seconds,uptime_percent,retired_at");
            List<String> x = lines.stream().filter(line -> line.contains("," + f.x() + ",")).toList();
            assertThat(x).containsExactly(
                    "2012-05,2012-05-15T00:00:00Z,2012-06-01T00:00:00Z,component," + f.x()
                            + ",\"'=cmd, \"\"EU\"\" edge\",'" + f.group() + ",1468800,0,0,0,0,0,100.0000,",
                    "2012-06,2012-06-01T00:00:00Z,2012-07-01T00:00:00Z,component," + f.x()
                            + ",\"'=cmd, \"\"EU\"\" edge\",'" + f.group() + ",2592000,7200,0,0,0,7200,99.7222,",
                    "2012-07,2012-07-01T00:00:00Z,2012-07-10T00:00:00Z,component," + f.x()
                            + ",\"'=cmd, \"\"EU\"\" edge\",'" + f.group() + ",777600,0,3600,0,0,3600,99.8611,");
        }
    }

    @Test
    void aCsvOfTheWholeWindowHasAnEmptyPeriod() {
        Fixture f = fixture("Name of x");

        String body = get("/api/reports/uptime?" + WINDOW + "&level=group", "text/csv").body();

        assertThat(Arrays.asList(body.split("\r\n"))).contains("," + MAY_15 + "," + JULY_10 + ",group,'" + f.group()
                + ",'" + f.group() + ",,4838400,7200,3600,18000,0,28800,"
                + String.format(java.util.Locale.ROOT, "%.4f", percent((1 - (7200 + 0.3 * 3600) / 4_838_400 + 1) / 2)) + ",");
    }

    /**
     * Over February to April 2011: one component retired on 15 March (with an outage before), one retired before
     * the window, one registered after it, one on the page throughout. Registration and retirement are when they
     * were recorded.
     */
    @Test
    void aComponentRetiredDuringTheWindowIsReportedAndMarkedOnesThatDidNotExistThenAreNot() {
        Instant feb1 = Instant.parse("2011-02-01T00:00:00Z");
        Instant mar1 = Instant.parse("2011-03-01T00:00:00Z");
        Instant apr1 = Instant.parse("2011-04-01T00:00:00Z");
        Instant may1 = Instant.parse("2011-05-01T00:00:00Z");
        Instant retiredAt = Instant.parse("2011-03-15T00:00:00Z");
        String group = uniqueId("g");
        String retiredMidWindow = registeredAt("mid", group, Instant.parse("2010-06-01T00:00:00Z"));
        String retiredBefore = registeredAt("before", group, Instant.parse("2010-06-01T00:00:00Z"));
        String registeredAfter = registeredAt("after", group, may1.plus(Duration.ofDays(1)));
        String throughout = registeredAt("active", group, Instant.parse("2010-06-01T00:00:00Z"));
        resolveIncident(openIncident(Instant.parse("2011-03-10T00:00:00Z"), declare(retiredMidWindow, MAJOR)),
                Instant.parse("2011-03-10T01:00:00Z"));
        append("Component", retiredMidWindow, new ComponentRetired(retiredMidWindow), "admin@example.com", retiredAt);
        append("Component", retiredBefore, new ComponentRetired(retiredBefore), "admin@example.com",
                Instant.parse("2011-01-15T00:00:00Z"));
        awaitProjections();
        String window = "from=" + feb1 + "&to=" + may1;

        JsonNode report = getJson("/api/reports/uptime?" + window + "&period=month");

        List<JsonNode> mid = rows(report, retiredMidWindow);
        assertThat(mid).as("no row for April, which began after the retirement")
                .extracting(r -> r.path("period").asString()).containsExactly("2011-02", "2011-03");
        assertThat(mid).allSatisfy(r -> {
            assertThat(r.path("retired").asBoolean()).isTrue();
            assertThat(r.path("retiredAt").asString()).isEqualTo(retiredAt.toString());
        });
        assertThat(seconds(mid.get(1))).isEqualTo(seconds(3600, 0, 0, 0));
        assertThat(rows(report, throughout)).hasSize(3).allSatisfy(r -> {
            assertThat(r.path("retired").asBoolean()).isFalse();
            assertThat(r.path("retiredAt").isNull()).isTrue();
        });
        assertThat(rows(report, retiredBefore)).as("retired before the window").isEmpty();
        assertThat(rows(report, registeredAfter)).as("registered after the window").isEmpty();
        // A report of April alone: the component retired in March no longer existed.
        assertThat(rows(getJson("/api/reports/uptime?from=" + apr1 + "&to=" + may1), retiredMidWindow)).isEmpty();
        assertThat(rows(getJson("/api/reports/uptime?from=" + mar1 + "&to=" + apr1), retiredMidWindow)).hasSize(1);

        List<String> members = new ArrayList<>();
        rows(getJson("/api/reports/uptime?" + window + "&level=group"), group).get(0).path("components")
                .forEach(c -> members.add(c.asString()));
        assertThat(members).containsExactlyInAnyOrder(retiredMidWindow, throughout);

        List<String> csv = Arrays.asList(get("/api/reports/uptime?" + window, "text/csv").body().split("\r\n"));
        assertThat(csv.get(0)).endsWith(",uptime_percent,retired_at");
        assertThat(csv).filteredOn(line -> line.contains("," + retiredMidWindow + ",")).singleElement()
                .satisfies(line -> assertThat(line).endsWith("," + retiredAt));
        assertThat(csv).filteredOn(line -> line.contains("," + throughout + ",")).singleElement()
                .satisfies(line -> assertThat(line).endsWith(",100.0000,"));
        assertThat(csv).noneMatch(line -> line.contains(retiredBefore) || line.contains(registeredAfter));
    }

    private String registeredAt(String prefix, String group, Instant recordedAt) {
        String id = uniqueId(prefix);
        append("Component", id, new ComponentRegistered(id, "Name of " + id, group, null, 1), "admin@example.com",
                recordedAt);
        return id;
    }

    @Test
    void badParametersAre400ProblemsNamingTheParameterInJsonOrCsv() {
        getBadQuery("/api/reports/uptime?to=2012-07-01T00:00:00Z", "from");
        getBadQuery("/api/reports/uptime?from=2012-06-01T00:00:00Z", "to");
        getBadQuery("/api/reports/uptime?from=yesterday&to=2012-07-01T00:00:00Z", "from");
        getBadQuery("/api/reports/uptime?from=2012-07-01T00:00:00Z&to=2012-06-01T00:00:00Z", "from");
        getBadQuery("/api/reports/uptime?" + WINDOW + "&level=team", "level");
        getBadQuery("/api/reports/uptime?" + WINDOW + "&period=week", "period");
        getBadQuery("/api/reports/uptime?" + WINDOW + "&format=xlsx", "format");
        getBadQuery("/api/reports/uptime?" + WINDOW + "&profile=generous", "profile");
        getBadQuery("/api/reports/uptime?from=" + now.plus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofDays(2)),
                "from");
        getBadQuery("/api/reports/uptime?from=1000-01-01T00:00:00Z&to=2000-01-01T00:00:00Z&period=month", "period");

        Response csv = get("/api/reports/uptime?" + WINDOW + "&level=team", "text/csv");
        assertThat(csv.status()).as("%s", csv).isEqualTo(400);
        assertThat(csv.mediaType()).isEqualTo(PROBLEM_TYPE);
        assertThat(csv.json().path("errors").get(0).path("field").asString()).isEqualTo("level");
    }

    private static List<JsonNode> rows(JsonNode report, String id) {
        List<JsonNode> rows = new ArrayList<>();
        report.path("rows").forEach(row -> {
            if (id.equals(row.path("id").asString(null))) {
                rows.add(row);
            }
        });
        return rows;
    }

    private static double percent(double uptime) {
        return Math.round(uptime * 1_000_000d) / 10_000d;
    }
}
