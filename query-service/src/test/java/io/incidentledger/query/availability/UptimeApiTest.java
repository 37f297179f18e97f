package io.incidentledger.query.availability;

import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/components/{id}/uptime?days=: one bucket per calendar day, oldest first, today ending at now.
 *
 * <p>Now is noon (UTC) on day D. A major outage from D-2 22:00 to D-1 02:00 puts 7,200 s in each of those days;
 * a partial outage opened at D 10:00 and still open puts 7,200 s in today's 43,200 s so far.
 */
class UptimeApiTest extends QueryApiTest {

    @Test
    void dailyBucketsCountEachDaysSecondsAndUptime() {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        clock.set(midnight.plus(Duration.ofHours(12)));
        String web = registerComponent("web");
        String outage = openIncident(midnight.minus(Duration.ofHours(26)), declare(web, MAJOR));
        resolveIncident(outage, midnight.minus(Duration.ofHours(22)));
        openIncident(midnight.plus(Duration.ofHours(10)), declare(web, PARTIAL));
        awaitProjections();

        JsonNode uptime = getJson("/api/components/" + web + "/uptime?days=3");

        assertThat(uptime.path("componentId").asString()).isEqualTo(web);
        assertThat(uptime.path("name").asString()).isEqualTo("Name of " + web);
        assertThat(uptime.path("profile").asString()).isEqualTo("statuspage");
        assertThat(uptime.path("days").asInt()).isEqualTo(3);
        JsonNode buckets = uptime.path("buckets");
        assertThat(texts(buckets, "date")).containsExactly(today.minusDays(2).toString(),
                today.minusDays(1).toString(), today.toString());
        assertThat(texts(buckets, "from")).containsExactly(midnight.minus(Duration.ofDays(2)).toString(),
                midnight.minus(Duration.ofDays(1)).toString(), midnight.toString());
        assertThat(texts(buckets, "to")).containsExactly(midnight.minus(Duration.ofDays(1)).toString(),
                midnight.toString(), midnight.plus(Duration.ofHours(12)).toString());

        assertThat(seconds(buckets.get(0))).isEqualTo(seconds(7200, 0, 0, 0));
        assertThat(seconds(buckets.get(1))).isEqualTo(seconds(7200, 0, 0, 0));
        assertThat(seconds(buckets.get(2))).isEqualTo(seconds(0, 7200, 0, 0));
        assertThat(buckets.get(2).path("impactedSeconds").asLong()).isEqualTo(7200);
        // 1 - 7200 / 86400; 1 - 7200 / 86400; 1 - 0.3 * 7200 / 43200.
        assertThat(buckets.valueStream().map(b -> b.path("uptimePercent").asDouble()).toList())
                .containsExactly(91.6667, 91.6667, 95.0);
        // Over the whole span [D-2 00:00, D 12:00) = 216,000 s: 1 - (14,400 + 0.3 * 7,200) / 216,000.
        assertThat(uptime.path("uptimePercent").asDouble()).isEqualTo(92.3333);

        // strict: today 1 - 7200 / 43200.
        JsonNode strict = getJson("/api/components/" + web + "/uptime?days=3&profile=strict");
        assertThat(strict.path("profile").asString()).isEqualTo("strict");
        assertThat(strict.path("buckets").get(2).path("uptimePercent").asDouble()).isEqualTo(83.3333);

        // Two hours later the open outage has grown, and today is longer.
        clock.set(midnight.plus(Duration.ofHours(14)));
        JsonNode later = getJson("/api/components/" + web + "/uptime?days=1").path("buckets");
        assertThat(later).hasSize(1);
        assertThat(seconds(later.get(0))).isEqualTo(seconds(0, 14_400, 0, 0));
        assertThat(later.get(0).path("to").asString()).isEqualTo(midnight.plus(Duration.ofHours(14)).toString());
    }

    @Test
    void ninetyDaysByDefaultEndingToday() {
        String quiet = registerComponent("quiet");
        awaitProjections();

        JsonNode uptime = getJson("/api/components/" + quiet + "/uptime");

        assertThat(uptime.path("days").asInt()).isEqualTo(90);
        JsonNode buckets = uptime.path("buckets");
        assertThat(buckets).hasSize(90);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        assertThat(buckets.get(89).path("date").asString()).isEqualTo(today.toString());
        assertThat(buckets.get(0).path("date").asString()).isEqualTo(today.minusDays(89).toString());
        assertThat(buckets.valueStream().allMatch(b -> b.path("uptimePercent").asDouble() == 100.0)).isTrue();
        assertThat(uptime.path("uptimePercent").asDouble()).isEqualTo(100.0);
    }

    @Test
    void daysFollowTheViewersTimeZone() {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant noon = today.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
        clock.set(noon);
        String web = registerComponent("web");
        // 20:00 to 22:00 UTC yesterday is 21:00 to 23:00 in Europe/Paris in winter, 22:00 to 24:00 in summer:
        // yesterday either way, and no part of it today.
        String outage = openIncident(noon.minus(Duration.ofHours(16)), declare(web, MAJOR));
        resolveIncident(outage, noon.minus(Duration.ofHours(14)));
        awaitProjections();

        JsonNode buckets = getJson("/api/components/" + web + "/uptime?days=2&zone=Europe/Paris").path("buckets");

        assertThat(buckets).hasSize(2);
        assertThat(seconds(buckets.get(0))).isEqualTo(seconds(7200, 0, 0, 0));
        assertThat(seconds(buckets.get(1))).isEqualTo(seconds(0, 0, 0, 0));
    }

    @Test
    void anUnknownComponentIsA404Problem() {
        getProblem("/api/components/" + uniqueId("missing") + "/uptime", 404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            days=0             | days
            days=367           | days
            days=-5            | days
            days=ninety        | days
            days=99999999999   | days
            profile=sla        | profile
            zone=Mars/Olympus  | zone
            """)
    void aBadQueryIsA400Problem(String query, String parameter) {
        String web = registerComponent("web");
        awaitProjections();
        getBadQuery("/api/components/" + web + "/uptime?" + query, parameter);
    }
}
