package io.incidentledger.query.downtime;

import io.incidentledger.query.downtime.DailyUptime.DayBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.query.downtime.AccountingProfile.STATUSPAGE;
import static io.incidentledger.query.downtime.AccountingProfile.STRICT;
import static io.incidentledger.query.downtime.AccountingProfile.WEIGHTED;
import static io.incidentledger.query.downtime.Fixtures.API;
import static io.incidentledger.query.downtime.Fixtures.hours;
import static io.incidentledger.query.downtime.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DailyUptimeTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final EffectiveTimeline NOTHING_HAPPENED = EffectiveTimeline.of(List.of());

    private static EffectiveTimeline outage(String from, String to) {
        return EffectiveTimeline.of(List.of(
                new Interval("inc-1", API, MAJOR_OUTAGE, null, Instant.parse(from), Instant.parse(to))));
    }

    @Test
    void coversTheLastNDaysOldestFirstWithTodayEndingAtNow() {
        Instant now = Instant.parse("2024-01-10T06:00:00Z");

        List<DayBucket> buckets = DailyUptime.buckets(NOTHING_HAPPENED, 3, UTC, now, STATUSPAGE);

        assertThat(buckets).extracting(DayBucket::date).containsExactly(
                LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 9), LocalDate.of(2024, 1, 10));
        assertThat(buckets).extracting(DayBucket::window).containsExactly(
                new Window(Instant.parse("2024-01-08T00:00:00Z"), Instant.parse("2024-01-09T00:00:00Z")),
                new Window(Instant.parse("2024-01-09T00:00:00Z"), Instant.parse("2024-01-10T00:00:00Z")),
                new Window(Instant.parse("2024-01-10T00:00:00Z"), now));
        assertThat(buckets).allSatisfy(bucket -> {
            assertThat(bucket.seconds()).isEqualTo(LevelSeconds.NONE);
            assertThat(bucket.uptime()).isEqualTo(1.0);
        });
    }

    @Test
    void todaysUptimeIsMeasuredAgainstTheElapsedPartOfTheDayOnly() {
        var timeline = outage("2024-01-10T05:00:00Z", "2024-01-10T06:00:00Z");
        Instant now = Instant.parse("2024-01-10T06:00:00Z");

        DayBucket today = DailyUptime.buckets(timeline, 1, UTC, now, STATUSPAGE).get(0);

        assertThat(today.seconds()).isEqualTo(seconds(Map.of(MAJOR_OUTAGE, hours(1))));
        assertThat(today.uptime()).isCloseTo(1 - 3600 / 21600.0, within(1e-12));
    }

    @Test
    void anOutageAcrossLocalMidnightIsSplitBetweenTheTwoLocalDays() {
        // 06:00-08:00 UTC on 30 June is 23:00-01:00 in Los Angeles (UTC-7 in summer), across its midnight.
        var timeline = outage("2012-06-30T06:00:00Z", "2012-06-30T08:00:00Z");
        Instant now = Instant.parse("2012-07-01T12:00:00Z");

        List<DayBucket> buckets = DailyUptime.buckets(timeline, 3, LOS_ANGELES, now, STATUSPAGE);

        assertThat(buckets).extracting(DayBucket::date).containsExactly(
                LocalDate.of(2012, 6, 29), LocalDate.of(2012, 6, 30), LocalDate.of(2012, 7, 1));
        assertThat(buckets.get(0).window().from()).isEqualTo(Instant.parse("2012-06-29T07:00:00Z"));
        assertThat(buckets).extracting(bucket -> bucket.seconds().majorOutage()).containsExactly(3600L, 3600L, 0L);
    }

    @Test
    void theSameOutageFallsOnASingleDayInUtc() {
        var timeline = outage("2012-06-30T06:00:00Z", "2012-06-30T08:00:00Z");
        Instant now = Instant.parse("2012-07-01T12:00:00Z");

        List<DayBucket> buckets = DailyUptime.buckets(timeline, 3, UTC, now, STATUSPAGE);

        assertThat(buckets).extracting(bucket -> bucket.seconds().majorOutage()).containsExactly(0L, 7200L, 0L);
    }

    @Test
    void theDayTheClocksGoForwardHasTwentyThreeHoursAndUptimeIsMeasuredAgainstThem() {
        // Berlin skips 02:00-03:00 local on 31 March 2024; that day runs 2024-03-30T23:00Z to 2024-03-31T22:00Z.
        var timeline = outage("2024-03-31T08:00:00Z", "2024-03-31T09:00:00Z");
        Instant now = Instant.parse("2024-04-01T10:00:00Z");

        DayBucket springForward = DailyUptime.buckets(timeline, 2, BERLIN, now, STRICT).get(0);

        assertThat(springForward.date()).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(springForward.window().length()).isEqualTo(Duration.ofHours(23));
        assertThat(springForward.uptime()).isCloseTo(1 - 3600 / (23 * 3600.0), within(1e-12));
    }

    @Test
    void theDayTheClocksGoBackHasTwentyFiveHours() {
        Instant now = Instant.parse("2024-10-28T10:00:00Z");

        DayBucket fallBack = DailyUptime.buckets(NOTHING_HAPPENED, 2, BERLIN, now, STATUSPAGE).get(0);

        assertThat(fallBack.date()).isEqualTo(LocalDate.of(2024, 10, 27));
        assertThat(fallBack.window().length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void atMidnightTodayIsAnEmptyDayThatIsFullyUp() {
        var timeline = outage("2024-01-09T23:00:00Z", "2024-01-10T00:00:00Z");
        Instant midnight = Instant.parse("2024-01-10T00:00:00Z");

        List<DayBucket> buckets = DailyUptime.buckets(timeline, 2, UTC, midnight, STATUSPAGE);

        DayBucket today = buckets.get(1);
        assertThat(today.window().isEmpty()).isTrue();
        assertThat(today.uptime()).isEqualTo(1.0);
        assertThat(buckets.get(0).seconds().majorOutage()).isEqualTo(3600);
    }

    @Test
    void theProfileDecidesHowEachDayIsWeighed() {
        var timeline = EffectiveTimeline.of(List.of(new Interval("inc-1", API, PARTIAL_OUTAGE, 0.5,
                Instant.parse("2024-01-09T00:00:00Z"), Instant.parse("2024-01-09T12:00:00Z"))));
        Instant now = Instant.parse("2024-01-10T06:00:00Z");

        assertThat(DailyUptime.buckets(timeline, 2, UTC, now, STATUSPAGE).get(0).uptime()).isCloseTo(0.85, within(1e-12));
        assertThat(DailyUptime.buckets(timeline, 2, UTC, now, STRICT).get(0).uptime()).isCloseTo(0.5, within(1e-12));
        assertThat(DailyUptime.buckets(timeline, 2, UTC, now, WEIGHTED).get(0).uptime()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aGroupsDailyUptimeIsTheMeanOfItsMembersForThatDay() {
        var down = outage("2024-01-09T00:00:00Z", "2024-01-09T12:00:00Z");
        var group = EffectiveTimeline.worstOf(List.of(down, NOTHING_HAPPENED));
        Instant now = Instant.parse("2024-01-10T06:00:00Z");

        DayBucket yesterday = DailyUptime.buckets(group, 2, UTC, now, STATUSPAGE).get(0);

        assertThat(yesterday.seconds()).isEqualTo(seconds(Map.of(MAJOR_OUTAGE, hours(12))));
        assertThat(yesterday.uptime()).isCloseTo((0.5 + 1.0) / 2, within(1e-12));
    }

    @Test
    void zeroDaysIsNoBucketsAndANegativeCountIsRejected() {
        Instant now = Instant.parse("2024-01-10T06:00:00Z");

        assertThat(DailyUptime.buckets(NOTHING_HAPPENED, 0, UTC, now, STATUSPAGE)).isEmpty();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DailyUptime.buckets(NOTHING_HAPPENED, -1, UTC, now, STATUSPAGE));
    }

    @Test
    void ninetyDaysEndWithTodayAndNeverReachIntoTheFuture() {
        Instant now = Instant.parse("2024-01-10T06:00:00Z");

        List<DayBucket> buckets = DailyUptime.buckets(NOTHING_HAPPENED, 90, UTC, now, STATUSPAGE);

        assertThat(buckets).hasSize(90);
        assertThat(buckets.get(0).date()).isEqualTo(LocalDate.of(2023, 10, 13));
        assertThat(buckets.get(89).date()).isEqualTo(LocalDate.of(2024, 1, 10));
        assertThat(buckets).allSatisfy(bucket -> assertThat(bucket.window().to()).isBeforeOrEqualTo(now));
    }
}
