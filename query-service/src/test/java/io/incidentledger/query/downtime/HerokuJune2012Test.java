package io.incidentledger.query.downtime;

import io.incidentledger.query.downtime.DailyUptime.DayBucket;
import io.incidentledger.query.downtime.IncidentFact.Declared;
import io.incidentledger.query.downtime.IncidentFact.Opened;
import io.incidentledger.query.downtime.IncidentFact.Resolved;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.query.downtime.AccountingProfile.STATUSPAGE;
import static io.incidentledger.query.downtime.AccountingProfile.WEIGHTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/**
 * The Heroku outage of 29 June 2012 (US time), when a storm cut power to an AWS region, replayed as data.
 * Times are UTC; the incident began at 03:04 on 30 June.
 */
class HerokuJune2012Test {

    private static final Instant NOW = Instant.parse("2012-07-02T00:00:00Z");
    private static final Window THE_DAY = new Window(
            Instant.parse("2012-06-30T00:00:00Z"), Instant.parse("2012-07-01T00:00:00Z"));

    private static final List<IncidentFact> HISTORY = List.of(
            new Opened(utc("03:04")),
            new Declared("bamboo", MAJOR_OUTAGE, null, utc("03:04")),
            new Declared("cedar", PARTIAL_OUTAGE, 0.3, utc("03:04")),
            new Declared("cedar", DEGRADED_PERFORMANCE, null, utc("05:31")),    // + 2h27m
            new Declared("bamboo", PARTIAL_OUTAGE, null, utc("06:54")),         // + 3h50m
            new Declared("bamboo", DEGRADED_PERFORMANCE, null, utc("07:45")),   // +   51m
            new Declared("cedar", OPERATIONAL, null, utc("08:21")),             // + 2h50m
            new Declared("bamboo", OPERATIONAL, null, utc("17:15")),            // + 9h30m
            new Resolved(utc("18:40")));

    private final IncidentTimeline incident = IncidentTimeline.replay("heroku-2012-06-29", HISTORY, NOW);

    private static Instant utc(String time) {
        return Instant.parse("2012-06-30T" + time + ":00Z");
    }

    private EffectiveTimeline timelineOf(String componentId) {
        return EffectiveTimeline.of(incident.intervals().stream()
                .filter(interval -> interval.componentId().equals(componentId))
                .toList());
    }

    @Test
    void bambooWasDownFor3h50mThenPartlyFor51mThenSlowFor9h30m() {
        assertThat(incident.downtime().get("bamboo").asWireMap()).containsExactly(
                entry("major_outage", 13_800L),
                entry("partial_outage", 3_060L),
                entry("degraded_performance", 34_200L),
                entry("under_maintenance", 0L));
    }

    @Test
    void cedarWasPartlyDownFor2h27mThenSlowFor2h50m() {
        assertThat(incident.downtime().get("cedar").asWireMap()).containsExactly(
                entry("major_outage", 0L),
                entry("partial_outage", 8_820L),
                entry("degraded_performance", 10_200L),
                entry("under_maintenance", 0L));
    }

    @Test
    void theIncidentListsBambooThenCedarAndIsOver() {
        assertThat(incident.downtime().keySet()).containsExactly("bamboo", "cedar");
        assertThat(incident.ongoing()).isFalse();
    }

    @Test
    void bamboosStatuspageUptimeThatDayCountsThePartialOutageAtThreeTenths() {
        double expected = 1 - (13_800 + 0.3 * 3_060) / 86_400;

        assertThat(timelineOf("bamboo").uptime(THE_DAY, STATUSPAGE)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void cedarsWeightedUptimeThatDayCountsThePartialOutageAtTheThirtyPercentItHit() {
        double expected = 1 - 0.3 * 8_820 / 86_400;

        assertThat(timelineOf("cedar").uptime(THE_DAY, WEIGHTED)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theDailyBarForThatDayShowsTheSameNumbers() {
        List<DayBucket> days = DailyUptime.buckets(timelineOf("bamboo"), 3, ZoneOffset.UTC, NOW, STATUSPAGE);

        DayBucket june30 = days.get(0);
        assertThat(june30.date()).isEqualTo(LocalDate.of(2012, 6, 30));
        assertThat(june30.seconds()).isEqualTo(incident.downtime().get("bamboo"));
        assertThat(june30.uptime()).isCloseTo(1 - (13_800 + 0.3 * 3_060) / 86_400, within(1e-12));
        assertThat(days.get(1).seconds()).isEqualTo(LevelSeconds.NONE);
    }

    @Test
    void theStatusPageSummedItUpAsAPartialSystemOutageAtItsWorst() {
        var bamboo = timelineOf("bamboo");
        var cedar = timelineOf("cedar");
        Instant worst = utc("04:00");
        Instant afternoon = utc("12:00");

        assertThat(StatusRollup.of(List.of(bamboo.statusAt(worst), cedar.statusAt(worst))))
                .isEqualTo(new StatusRollup("major", "Partial System Outage"));
        assertThat(StatusRollup.of(List.of(bamboo.statusAt(afternoon), cedar.statusAt(afternoon))))
                .isEqualTo(new StatusRollup("minor", "Partially Degraded Service"));
        assertThat(bamboo.since(afternoon)).contains(utc("07:45"));
    }

    @Test
    void theGroupOfBothStacksWasAtEachInstantTheWorseOfTheTwo() {
        var platform = EffectiveTimeline.worstOf(List.of(timelineOf("bamboo"), timelineOf("cedar")));

        // Bamboo was never better off than cedar, so the group's bar is bamboo's.
        assertThat(platform.secondsIn(THE_DAY)).isEqualTo(incident.downtime().get("bamboo"));
        assertThat(platform.uptime(THE_DAY, WEIGHTED)).isCloseTo(
                ((1 - (13_800 + 0.3 * 3_060) / 86_400) + (1 - 0.3 * 8_820 / 86_400)) / 2, within(1e-12));
    }
}
