package io.incidentledger.query.availability;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/downtime: SPEC §3 rules 4 and 5 over a window, per component and per group, under each accounting
 * profile. Every query names a group of this test's own, so other tests' components never show up.
 *
 * <p>The window is one day, [T, T+24h) = 86,400 s. Component A: incident 1 declares a major outage from T-1h to
 * T+1h; incident 2 declares a partial outage affecting 20% from T+30m to T+3h. Effective: major [T, T+1h) = 3,600 s
 * inside the window (clipped at T, the overlap with incident 2 counted once), partial [T+1h, T+3h) = 7,200 s.
 * Component B: degraded [T+2h, T+4h) = 7,200 s, and a major outage affecting half from T+23h to T+25h, of which
 * [T+23h, T+24h) = 3,600 s falls inside the window.
 */
class DowntimeApiTest extends QueryApiTest {

    private String group;
    private String a;
    private String b;
    private Instant t;
    private Instant end;

    @BeforeEach
    void twoComponentsWithOverlappingAndClippedTrouble() {
        group = uniqueId("Production");
        a = registerComponent("a", group, 1);
        b = registerComponent("b", group, 2);
        t = now.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS);
        end = t.plus(Duration.ofDays(1));

        String first = openIncident(t.minus(Duration.ofHours(1)), declare(a, MAJOR));
        String second = openIncident(t.plus(Duration.ofMinutes(30)), declare(a, PARTIAL, 0.2));
        resolveIncident(first, t.plus(Duration.ofHours(1)));
        resolveIncident(second, t.plus(Duration.ofHours(3)));
        String third = openIncident(t.plus(Duration.ofHours(2)), declare(b, DEGRADED));
        postUpdate(third, IncidentStatus.IDENTIFIED, t.plus(Duration.ofHours(4)),
                declare(b, OPERATIONAL));
        postUpdate(third, IncidentStatus.IDENTIFIED, t.plus(Duration.ofHours(23)),
                declare(b, MAJOR, 0.5));
        resolveIncident(third, t.plus(Duration.ofHours(25)));
        awaitProjections();
    }

    private JsonNode downtime(String query) {
        return getJson("/api/downtime?from=" + t + "&to=" + end + "&group=" + group + query);
    }

    @Test
    void countsEachComponentsSecondsInTheWindowOnceAndClipped() {
        JsonNode downtime = downtime("");

        assertThat(downtime.path("from").asString()).isEqualTo(t.toString());
        assertThat(downtime.path("to").asString()).isEqualTo(end.toString());
        assertThat(downtime.path("profile").asString()).isEqualTo("statuspage");
        JsonNode components = downtime.path("components");
        assertThat(texts(components, "componentId")).containsExactly(a, b);
        assertThat(texts(components, "name")).containsExactly("Name of " + a, "Name of " + b);

        assertThat(seconds(components.get(0))).isEqualTo(seconds(3600, 7200, 0, 0));
        assertThat(components.get(0).path("impactedSeconds").asLong()).isEqualTo(10_800);
        assertThat(seconds(components.get(1))).isEqualTo(seconds(3600, 0, 7200, 0));
        assertThat(components.get(1).path("impactedSeconds").asLong()).isEqualTo(10_800);
    }

    /**
     * statuspage: A 1 - (3600 + 0.3 * 7200) / 86400 = 93.3333 %; B 1 - 3600 / 86400 = 95.8333 % (degraded is up).
     * strict: A 1 - (3600 + 7200) / 86400 = 87.5 %; B 95.8333 %.
     * weighted: A 1 - (3600 + 0.2 * 7200) / 86400 = 94.1667 %; B 1 - 0.5 * 3600 / 86400 = 97.9167 %.
     * The group's uptime is the mean of its members'.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            statuspage, 93.3333, 95.8333, 94.5833
            strict,     87.5,    95.8333, 91.6667
            weighted,   94.1667, 97.9167, 96.0417
            """)
    void uptimeUnderEachProfileAndTheGroupsMean(String profile, double uptimeA, double uptimeB, double uptimeGroup) {
        JsonNode downtime = downtime("&profile=" + profile);

        assertThat(downtime.path("profile").asString()).isEqualTo(profile);
        assertThat(find(downtime.path("components"), "componentId", a).path("uptimePercent").asDouble())
                .isEqualTo(uptimeA);
        assertThat(find(downtime.path("components"), "componentId", b).path("uptimePercent").asDouble())
                .isEqualTo(uptimeB);
        JsonNode groups = downtime.path("groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("uptimePercent").asDouble()).isEqualTo(uptimeGroup);
    }

    /**
     * The group's seconds come from the worst of its members at each instant: major [T, T+1h) from A, partial
     * [T+1h, T+3h) from A over B's degraded, degraded [T+3h, T+4h) from B, major [T+23h, T+24h) from B.
     */
    @Test
    void aGroupCountsTheWorstOfItsMembersAtEachInstant() {
        JsonNode production = downtime("").path("groups").get(0);

        assertThat(production.path("group").asString()).isEqualTo(group);
        assertThat(production.path("components").valueStream().map(JsonNode::asString).toList())
                .containsExactly(a, b);
        assertThat(seconds(production)).isEqualTo(seconds(7200, 7200, 3600, 0));
        assertThat(production.path("impactedSeconds").asLong()).isEqualTo(18_000);
    }

    @Test
    void aWindowInsideAnIncidentCountsOnlyItsOwnSeconds() {
        Instant from = t.plus(Duration.ofMinutes(45));
        Instant to = t.plus(Duration.ofMinutes(75));
        JsonNode components = getJson("/api/downtime?from=" + from + "&to=" + to + "&group=" + group)
                .path("components");

        // A: major [T+45m, T+1h) then partial [T+1h, T+75m); uptime 1 - (900 + 0.3 * 900) / 1800 = 35 %.
        assertThat(seconds(components.get(0))).isEqualTo(seconds(900, 900, 0, 0));
        assertThat(components.get(0).path("uptimePercent").asDouble()).isEqualTo(35.0);
        assertThat(seconds(components.get(1))).isEqualTo(seconds(0, 0, 0, 0));
        assertThat(components.get(1).path("uptimePercent").asDouble()).isEqualTo(100.0);
    }

    @Test
    void aWindowBeforeAnyTroubleIsFullyUp() {
        JsonNode downtime = getJson("/api/downtime?from=" + t.minus(Duration.ofDays(2)) + "&to="
                + t.minus(Duration.ofHours(1)) + "&group=" + group);

        assertThat(seconds(downtime.path("components").get(0))).isEqualTo(seconds(0, 0, 0, 0));
        assertThat(downtime.path("components").get(0).path("uptimePercent").asDouble()).isEqualTo(100.0);
        assertThat(downtime.path("groups").get(0).path("uptimePercent").asDouble()).isEqualTo(100.0);
    }

    @Test
    void anOpenIncidentCountsUpToNowOnly() {
        String c = registerComponent("c", group, 3);
        openIncident(now.minus(Duration.ofHours(2)), declare(c, MAJOR));
        awaitProjections();

        // The window reaches an hour past now: nothing that has not happened yet is counted.
        JsonNode components = getJson("/api/downtime?from=" + now.minus(Duration.ofHours(3)) + "&to="
                + now.plus(Duration.ofHours(1)) + "&group=" + group).path("components");
        assertThat(seconds(find(components, "componentId", c))).isEqualTo(seconds(7200, 0, 0, 0));
    }

    @Test
    void withoutAWindowItIsTheThirtyDaysUpToNow() {
        JsonNode downtime = getJson("/api/downtime?group=" + group);

        assertThat(downtime.path("to").asString()).isEqualTo(now.toString());
        assertThat(downtime.path("from").asString()).isEqualTo(now.minus(Duration.ofDays(30)).toString());
        assertThat(seconds(downtime.path("components").get(0))).isEqualTo(seconds(7200, 7200, 0, 0));
    }

    @Test
    void withoutAGroupEveryActiveComponentIsListed() {
        JsonNode downtime = getJson("/api/downtime?from=" + t + "&to=" + end);

        assertThat(texts(downtime.path("components"), "componentId")).contains(a, b);
        assertThat(texts(downtime.path("groups"), "group")).contains(group);
    }

    @Test
    void theWholeRecordableTimeIsAnAcceptableWindow() {
        JsonNode downtime = getJson("/api/downtime?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&group=" + group);

        assertThat(seconds(downtime.path("components").get(0))).isEqualTo(seconds(3600 + 3600, 7200, 0, 0));
    }

    @Test
    void aGroupWhoseMembersAreAllRetiredIsNoLongerListed() {
        String lonely = uniqueId("Lonely");
        String member = registerComponent("member", lonely, 1);
        awaitProjections();
        assertThat(texts(getJson("/api/downtime?group=" + lonely).path("components"), "componentId"))
                .containsExactly(member);

        retireComponent(member);
        awaitProjections();
        getBadQuery("/api/downtime?group=" + lonely, "group");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            from=2012-06-30                                        | from
            to=tomorrow                                            | to
            from=2012-06-30T00:00:00Z&to=2012-06-30T00:00:00Z      | from
            from=2012-07-01T00:00:00Z&to=2012-06-30T00:00:00Z      | from
            from=2999-01-01T00:00:00Z                              | from
            profile=sla                                            | profile
            profile=STRICT                                         | profile
            from=-1000000000-01-01T00:00:00Z                       | from
            from=-999999999-01-01T00:00:00Z                        | from
            to=+1000000000-12-31T23:59:59Z                         | to
            group=no-such-group                                    | group
            """)
    void aBadQueryIsA400Problem(String query, String parameter) {
        getBadQuery("/api/downtime?" + query, parameter);
    }
}
