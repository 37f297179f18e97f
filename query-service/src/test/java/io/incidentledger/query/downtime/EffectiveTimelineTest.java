package io.incidentledger.query.downtime;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.events.ComponentStatus.UNDER_MAINTENANCE;
import static io.incidentledger.query.downtime.AccountingProfile.STATUSPAGE;
import static io.incidentledger.query.downtime.AccountingProfile.STRICT;
import static io.incidentledger.query.downtime.AccountingProfile.WEIGHTED;
import static io.incidentledger.query.downtime.Fixtures.API;
import static io.incidentledger.query.downtime.Fixtures.WHOLE_DAY;
import static io.incidentledger.query.downtime.Fixtures.at;
import static io.incidentledger.query.downtime.Fixtures.declared;
import static io.incidentledger.query.downtime.Fixtures.hours;
import static io.incidentledger.query.downtime.Fixtures.interval;
import static io.incidentledger.query.downtime.Fixtures.minutes;
import static io.incidentledger.query.downtime.Fixtures.opened;
import static io.incidentledger.query.downtime.Fixtures.resolved;
import static io.incidentledger.query.downtime.Fixtures.seconds;
import static io.incidentledger.query.downtime.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class EffectiveTimelineTest {

    /** Uptimes are ratios of exact sums; anything closer than this is the same number. */
    private static final org.assertj.core.data.Offset<Double> EXACTLY = within(1e-12);

    private static EffectiveTimeline timelineOf(Interval... intervals) {
        return EffectiveTimeline.of(List.of(intervals));
    }

    @Nested
    class OverlappingClaims {

        @Test
        void theWorstClaimWinsWhileTwoIncidentsOverlapAndTheOtherResumesAfterward() {
            var timeline = timelineOf(
                    interval("inc-1", PARTIAL_OUTAGE, "10:00", "12:00"),
                    interval("inc-2", MAJOR_OUTAGE, "10:30", "11:00"));

            assertThat(timeline.segments()).containsExactly(
                    new Segment(at("10:00"), at("10:30"), PARTIAL_OUTAGE),
                    new Segment(at("10:30"), at("11:00"), MAJOR_OUTAGE),
                    new Segment(at("11:00"), at("12:00"), PARTIAL_OUTAGE));
        }

        @Test
        void whenOneOfTwoIncidentsResolvesTheComponentFallsBackToWhatTheOtherStillDeclares() {
            var database = IncidentTimeline.replay("inc-db", List.of(
                    opened("10:00"), declared(API, MAJOR_OUTAGE, "10:00"), resolved("11:00")), at("12:00"));
            var network = IncidentTimeline.replay("inc-net", List.of(
                    opened("10:15"), declared(API, DEGRADED_PERFORMANCE, "10:15")), at("12:00"));
            List<Interval> both = new ArrayList<>(database.intervals());
            both.addAll(network.intervals());

            var timeline = EffectiveTimeline.of(both);

            assertThat(timeline.statusAt(at("10:59"))).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.statusAt(at("11:00"))).isEqualTo(DEGRADED_PERFORMANCE);
            assertThat(timeline.statusAt(at("11:59"))).isEqualTo(DEGRADED_PERFORMANCE);
            assertThat(timeline.statusAt(at("12:00"))).isEqualTo(OPERATIONAL);
        }

        @Test
        void overlappingIncidentsAreNeverCountedTwice() {
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"),
                    interval("inc-2", MAJOR_OUTAGE, "10:00", "11:00"),
                    interval("inc-3", MAJOR_OUTAGE, "10:30", "11:30"));

            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(MAJOR_OUTAGE, minutes(90))));
        }

        @Test
        void twoIncidentsHandingOverTheSameStatusMakeOneUnbrokenSegment() {
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"),
                    interval("inc-2", MAJOR_OUTAGE, "11:00", "12:00"));

            assertThat(timeline.segments()).containsExactly(new Segment(at("10:00"), at("12:00"), MAJOR_OUTAGE));
        }

        @Test
        void maintenanceIsJustAnotherSourceOfClaimsAndAnIncidentDuringItShowsThrough() {
            var timeline = timelineOf(
                    interval("maintenance-7", UNDER_MAINTENANCE, "09:00", "11:00"),
                    interval("inc-1", DEGRADED_PERFORMANCE, "10:00", "10:30"));

            assertThat(timeline.segments()).containsExactly(
                    new Segment(at("09:00"), at("10:00"), UNDER_MAINTENANCE),
                    new Segment(at("10:00"), at("10:30"), DEGRADED_PERFORMANCE),
                    new Segment(at("10:30"), at("11:00"), UNDER_MAINTENANCE));
        }

        @Test
        void aBackdatedIncidentArrivingLastChangesHistoryExactlyAsIfItHadArrivedFirst() {
            Interval earlier = interval("inc-1", PARTIAL_OUTAGE, "10:00", "12:00");
            Interval backdated = interval("inc-2", MAJOR_OUTAGE, "09:00", "10:30");

            assertThat(timelineOf(earlier, backdated).segments())
                    .isEqualTo(timelineOf(backdated, earlier).segments())
                    .containsExactly(
                            new Segment(at("09:00"), at("10:30"), MAJOR_OUTAGE),
                            new Segment(at("10:30"), at("12:00"), PARTIAL_OUTAGE));
        }

        @Test
        void statusHoldsFromTheFirstInstantOfAClaimUpToButExcludingItsEnd() {
            var timeline = timelineOf(interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"));

            assertThat(timeline.statusAt(at("09:59:59.999"))).isEqualTo(OPERATIONAL);
            assertThat(timeline.statusAt(at("10:00"))).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.statusAt(at("10:59:59.999"))).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.statusAt(at("11:00"))).isEqualTo(OPERATIONAL);
        }

        @Test
        void aComponentNobodyClaimedAnythingAboutIsOperationalThroughout() {
            var timeline = EffectiveTimeline.of(List.of());

            assertThat(timeline.segments()).isEmpty();
            assertThat(timeline.statusAt(at("10:00"))).isEqualTo(OPERATIONAL);
            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(LevelSeconds.NONE);
            assertThat(timeline.uptime(WHOLE_DAY, STRICT)).isEqualTo(1.0);
        }

        @Test
        void aZeroLengthIntervalLeavesNoTrace() {
            var timeline = timelineOf(interval("maintenance-1", UNDER_MAINTENANCE, "10:00", "10:00"));

            assertThat(timeline.segments()).isEmpty();
            assertThat(timeline.statusAt(at("10:00"))).isEqualTo(OPERATIONAL);
        }

        @Test
        void refusesToBlendTheIntervalsOfTwoComponents() {
            Interval db = new Interval("inc-1", "db", MAJOR_OUTAGE, null, at("10:00"), at("11:00"));

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> timelineOf(interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"), db));
        }
    }

    @Nested
    class SecondsInAWindow {

        private final EffectiveTimeline nineToThree = timelineOf(interval("inc-1", MAJOR_OUTAGE, "09:00", "15:00"));

        @Test
        void anIntervalStraddlingBothEdgesCountsOnlyTheTimeInside() {
            assertThat(nineToThree.secondsIn(window("10:00", "12:00")))
                    .isEqualTo(seconds(Map.of(MAJOR_OUTAGE, hours(2))));
        }

        @Test
        void anIntervalStraddlingOneEdgeCountsOnlyTheTimeInside() {
            assertThat(nineToThree.secondsIn(window("08:00", "10:00")))
                    .isEqualTo(seconds(Map.of(MAJOR_OUTAGE, hours(1))));
            assertThat(nineToThree.secondsIn(window("14:30", "18:00")))
                    .isEqualTo(seconds(Map.of(MAJOR_OUTAGE, minutes(30))));
        }

        @Test
        void anIntervalFullyOutsideTheWindowCountsNothing() {
            assertThat(nineToThree.secondsIn(window("16:00", "17:00"))).isEqualTo(LevelSeconds.NONE);
            assertThat(nineToThree.secondsIn(window("07:00", "08:00"))).isEqualTo(LevelSeconds.NONE);
        }

        @Test
        void anIntervalEndingExactlyWhereTheWindowStartsCountsNothing() {
            assertThat(nineToThree.secondsIn(window("15:00", "16:00"))).isEqualTo(LevelSeconds.NONE);
        }

        @Test
        void anIntervalStartingExactlyWhereTheWindowEndsCountsNothing() {
            assertThat(nineToThree.secondsIn(window("08:00", "09:00"))).isEqualTo(LevelSeconds.NONE);
        }

        @Test
        void aWindowExactlyMatchingTheIntervalCountsAllOfIt() {
            assertThat(nineToThree.secondsIn(window("09:00", "15:00")))
                    .isEqualTo(seconds(Map.of(MAJOR_OUTAGE, hours(6))));
        }

        @Test
        void anEmptyWindowCountsNothingAndIsFullyUp() {
            Window instant = window("10:00", "10:00");

            assertThat(nineToThree.secondsIn(instant)).isEqualTo(LevelSeconds.NONE);
            assertThat(nineToThree.uptime(instant, STRICT)).isEqualTo(1.0);
        }

        @Test
        void countsEveryLevelSeparately() {
            var timeline = timelineOf(
                    interval("maintenance-1", UNDER_MAINTENANCE, "01:00", "02:00"),
                    interval("inc-1", DEGRADED_PERFORMANCE, "03:00", "03:10"),
                    interval("inc-1", PARTIAL_OUTAGE, "03:10", "03:30"),
                    interval("inc-2", MAJOR_OUTAGE, "05:00", "05:05"));

            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(
                    UNDER_MAINTENANCE, hours(1), DEGRADED_PERFORMANCE, minutes(10),
                    PARTIAL_OUTAGE, minutes(20), MAJOR_OUTAGE, minutes(5))));
        }

        @Test
        void truncatesToWholeSecondsOnceAfterSummingTheClippedPieces() {
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, "10:00:00.000", "10:00:00.600"),
                    interval("inc-2", MAJOR_OUTAGE, "10:00:01.000", "10:00:01.600"));

            assertThat(timeline.secondsIn(WHOLE_DAY).majorOutage()).isEqualTo(1);
        }
    }

    @Nested
    class Uptime {

        private final Window tenHours = window("08:00", "18:00");

        @Test
        void statuspageCountsMajorFullyAndPartialAtThreeTenthsOverTheWholeWindow() {
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"),
                    interval("inc-1", PARTIAL_OUTAGE, "11:00", "12:00"));

            assertThat(timeline.uptime(tenHours, STATUSPAGE)).isCloseTo(1 - (3600 + 0.3 * 3600) / 36000.0, EXACTLY);
        }

        @Test
        void degradedPerformanceAndMaintenanceCountAsUpUnderEveryProfile() {
            var timeline = timelineOf(
                    interval("inc-1", DEGRADED_PERFORMANCE, "09:00", "12:00"),
                    interval("maintenance-1", UNDER_MAINTENANCE, "12:00", "17:00"));

            for (AccountingProfile profile : AccountingProfile.values()) {
                assertThat(timeline.uptime(tenHours, profile)).as(profile.toString()).isEqualTo(1.0);
            }
        }

        @Test
        void strictCountsAPartialOutageAsFullyDown() {
            var timeline = timelineOf(interval("inc-1", PARTIAL_OUTAGE, "10:00", "11:00"));

            assertThat(timeline.uptime(tenHours, STRICT)).isCloseTo(0.9, EXACTLY);
        }

        @Test
        void anAffectedFractionMattersOnlyUnderTheWeightedProfile() {
            var timeline = timelineOf(interval("inc-1", PARTIAL_OUTAGE, 0.5, "10:00", "11:00"));

            assertThat(timeline.uptime(tenHours, STATUSPAGE)).isCloseTo(1 - 0.3 * 0.1, EXACTLY);
            assertThat(timeline.uptime(tenHours, STRICT)).isCloseTo(1 - 0.1, EXACTLY);
            assertThat(timeline.uptime(tenHours, WEIGHTED)).isCloseTo(1 - 0.5 * 0.1, EXACTLY);
        }

        @Test
        void weightedCountsAMajorOutageAtItsAffectedFraction() {
            var timeline = timelineOf(interval("inc-1", MAJOR_OUTAGE, 0.25, "10:00", "11:00"));

            assertThat(timeline.uptime(tenHours, WEIGHTED)).isCloseTo(1 - 0.25 * 0.1, EXACTLY);
            assertThat(timeline.uptime(tenHours, STATUSPAGE)).isCloseTo(0.9, EXACTLY);
        }

        @Test
        void weightedFallsBackToStatuspageWeightsWhereNoFractionWasGiven() {
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"),
                    interval("inc-1", PARTIAL_OUTAGE, "11:00", "12:00"));

            assertThat(timeline.uptime(tenHours, WEIGHTED)).isEqualTo(timeline.uptime(tenHours, STATUSPAGE));
        }

        @Test
        void weightedTakesTheHeaviestActiveDeclarationEvenWhenItIsNotTheWorstStatus() {
            // A major outage hitting 20% of users, while another incident reports an unquantified partial
            // outage (0.3 by default): the instant weighs 0.3, although the status shown is major.
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, 0.2, "10:00", "11:00"),
                    interval("inc-2", PARTIAL_OUTAGE, "10:00", "11:00"));

            assertThat(timeline.statusAt(at("10:30"))).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.uptime(tenHours, WEIGHTED)).isCloseTo(1 - 0.3 * 0.1, EXACTLY);
        }

        @Test
        void weightedTakesTheMaximumOfOverlappingFractionsNotTheirSum() {
            var timeline = timelineOf(
                    interval("inc-1", PARTIAL_OUTAGE, 0.5, "10:00", "11:00"),
                    interval("inc-2", PARTIAL_OUTAGE, 0.4, "10:30", "11:30"));

            double downSeconds = 0.5 * 3600 + 0.4 * 1800;
            assertThat(timeline.uptime(tenHours, WEIGHTED)).isCloseTo(1 - downSeconds / 36000, EXACTLY);
        }

        @Test
        void statuspageAndStrictWeighAnInstantByItsWorstStatusAlone() {
            var timeline = timelineOf(
                    interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"),
                    interval("inc-2", PARTIAL_OUTAGE, "10:00", "11:00"));

            assertThat(timeline.uptime(tenHours, STATUSPAGE)).isCloseTo(0.9, EXACTLY);
            assertThat(timeline.uptime(tenHours, STRICT)).isCloseTo(0.9, EXACTLY);
        }

        @Test
        void theDenominatorIsTheWholeWindowEvenBeforeAnythingHappened() {
            var timeline = timelineOf(interval("inc-1", MAJOR_OUTAGE, "17:00", "18:00"));

            assertThat(timeline.uptime(tenHours, STATUSPAGE)).isCloseTo(0.9, EXACTLY);
        }

        @Test
        void aWindowThatWasDownThroughoutHasZeroUptime() {
            var timeline = timelineOf(interval("inc-1", MAJOR_OUTAGE, "00:00", "23:00"));

            assertThat(timeline.uptime(window("01:00", "02:00"), STATUSPAGE)).isEqualTo(0.0);
        }

        @Test
        void subSecondOutagesStillCostUptime() {
            var timeline = timelineOf(interval("inc-1", MAJOR_OUTAGE, "10:00:00.000", "10:00:00.500"));

            assertThat(timeline.uptime(window("10:00", "10:00:01.000"), STATUSPAGE)).isCloseTo(0.5, EXACTLY);
        }
    }

    @Nested
    class Groups {

        private final EffectiveTimeline api = timelineOf(interval("inc-1", MAJOR_OUTAGE, "10:00", "11:00"));
        private final EffectiveTimeline db = EffectiveTimeline.of(List.of(
                new Interval("inc-2", "db", PARTIAL_OUTAGE, null, at("10:30"), at("11:30"))));
        private final EffectiveTimeline group = EffectiveTimeline.worstOf(List.of(api, db));

        @Test
        void aGroupIsAtEachInstantTheWorstOfItsMembers() {
            assertThat(group.segments()).containsExactly(
                    new Segment(at("10:00"), at("11:00"), MAJOR_OUTAGE),
                    new Segment(at("11:00"), at("11:30"), PARTIAL_OUTAGE));
        }

        @Test
        void aGroupsSecondsComeFromItsWorstOfTimelineNotFromAddingUpItsMembers() {
            assertThat(group.secondsIn(WHOLE_DAY))
                    .isEqualTo(seconds(Map.of(MAJOR_OUTAGE, hours(1), PARTIAL_OUTAGE, minutes(30))));
        }

        @Test
        void aGroupsUptimeIsTheMeanOfItsMembersUptimes() {
            Window tenHours = window("08:00", "18:00");
            double apiUptime = 1 - 3600 / 36000.0;
            double dbUptime = 1 - 0.3 * 3600 / 36000.0;

            assertThat(group.uptime(tenHours, STATUSPAGE)).isCloseTo((apiUptime + dbUptime) / 2, EXACTLY);
        }

        @Test
        void aHealthyMemberLiftsTheGroupsUptimeThoughNotItsStatus() {
            var healthy = EffectiveTimeline.of(List.of());
            var withHealthy = EffectiveTimeline.worstOf(List.of(api, healthy));
            Window tenHours = window("08:00", "18:00");

            assertThat(withHealthy.uptime(tenHours, STRICT)).isCloseTo((0.9 + 1.0) / 2, EXACTLY);
            assertThat(withHealthy.statusAt(at("10:30"))).isEqualTo(MAJOR_OUTAGE);
        }

        @Test
        void aGroupOfGroupsIsTheWorstOfAllAndTheMeanOfItsDirectMembers() {
            var inner = EffectiveTimeline.worstOf(List.of(api, EffectiveTimeline.of(List.of())));
            var outer = EffectiveTimeline.worstOf(List.of(inner, db));
            Window tenHours = window("08:00", "18:00");

            assertThat(outer.segments()).isEqualTo(group.segments());
            assertThat(outer.uptime(tenHours, STRICT)).isCloseTo(((0.9 + 1.0) / 2 + 0.9) / 2, EXACTLY);
        }

        @Test
        void aGroupWithoutMembersIsOperationalAndFullyUp() {
            var empty = EffectiveTimeline.worstOf(List.of());

            assertThat(empty.statusAt(at("10:00"))).isEqualTo(OPERATIONAL);
            assertThat(empty.uptime(WHOLE_DAY, STRICT)).isEqualTo(1.0);
        }
    }

    @Nested
    class SinceWhen {

        private final EffectiveTimeline timeline = timelineOf(
                interval("inc-1", PARTIAL_OUTAGE, "10:00", "12:00"),
                interval("inc-2", MAJOR_OUTAGE, "10:30", "11:00"));

        @Test
        void inTroubleItIsSinceTheCurrentStatusBeganNotSinceTheIncidentBegan() {
            assertThat(timeline.statusAt(at("10:45"))).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.since(at("10:45"))).contains(at("10:30"));
        }

        @Test
        void afterFallingBackItIsSinceTheWorseClaimEnded() {
            assertThat(timeline.statusAt(at("11:15"))).isEqualTo(PARTIAL_OUTAGE);
            assertThat(timeline.since(at("11:15"))).contains(at("11:00"));
        }

        @Test
        void backToOperationalItIsSinceTheLastTroubleEnded() {
            assertThat(timeline.statusAt(at("15:00"))).isEqualTo(OPERATIONAL);
            assertThat(timeline.since(at("15:00"))).contains(at("12:00"));
        }

        @Test
        void atTheVeryInstantTroubleEndsItHasBeenOperationalSinceThatInstant() {
            assertThat(timeline.since(at("12:00"))).contains(at("12:00"));
        }

        @Test
        void atTheVeryInstantTroubleBeginsItIsSinceThatInstant() {
            assertThat(timeline.since(at("10:00"))).contains(at("10:00"));
        }

        @Test
        void beforeAnyTroubleThereIsNoSince() {
            assertThat(timeline.since(at("09:00"))).isEmpty();
        }

        @Test
        void aTimelineThatWasAlwaysOperationalHasNoSince() {
            assertThat(EffectiveTimeline.of(List.of()).since(at("10:00"))).isEmpty();
        }

        @Test
        void troubleScheduledForLaterDoesNotCountAsHistory() {
            var scheduled = timelineOf(interval("maintenance-1", UNDER_MAINTENANCE, "22:00", "23:00"));

            assertThat(scheduled.statusAt(at("10:00"))).isEqualTo(OPERATIONAL);
            assertThat(scheduled.since(at("10:00"))).isEmpty();
        }
    }

    @Nested
    class AtScale {

        @Test
        void agreesWithCountingMinuteByMinuteOnARandomTangleOfClaims() {
            Random random = new Random(20120630);
            Instant day = at("00:00");
            List<Interval> intervals = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                int from = random.nextInt(1440);
                int to = Math.min(1440, from + random.nextInt(90));
                var status = List.of(UNDER_MAINTENANCE, DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, MAJOR_OUTAGE)
                        .get(random.nextInt(4));
                Double fraction = random.nextBoolean() ? null : (1 + random.nextInt(10)) / 10.0;
                intervals.add(new Interval("inc-" + i, API, status, fraction,
                        day.plusSeconds(60L * from), day.plusSeconds(60L * to)));
            }
            Collections.shuffle(intervals, random);

            var timeline = EffectiveTimeline.of(intervals);

            long[] expectedSeconds = new long[5];
            double[] expectedDown = new double[AccountingProfile.values().length];
            for (int minute = 0; minute < 1440; minute++) {
                Instant instant = day.plusSeconds(60L * minute);
                var worst = OPERATIONAL;
                double[] heaviest = new double[AccountingProfile.values().length];
                for (Interval claim : intervals) {
                    if (claim.window().contains(instant)) {
                        worst = worst.isWorseThan(claim.status()) ? worst : claim.status();
                        for (AccountingProfile profile : AccountingProfile.values()) {
                            heaviest[profile.ordinal()] = Math.max(heaviest[profile.ordinal()],
                                    profile.downWeight(claim));
                        }
                    }
                }
                assertThat(timeline.statusAt(instant)).as("status at %s", instant).isEqualTo(worst);
                expectedSeconds[worst.ordinal()] += 60;
                for (AccountingProfile profile : AccountingProfile.values()) {
                    expectedDown[profile.ordinal()] += 60 * heaviest[profile.ordinal()];
                }
            }

            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(new LevelSeconds(
                    expectedSeconds[MAJOR_OUTAGE.ordinal()], expectedSeconds[PARTIAL_OUTAGE.ordinal()],
                    expectedSeconds[DEGRADED_PERFORMANCE.ordinal()], expectedSeconds[UNDER_MAINTENANCE.ordinal()]));
            for (AccountingProfile profile : AccountingProfile.values()) {
                assertThat(timeline.uptime(WHOLE_DAY, profile)).as(profile.toString())
                        .isCloseTo(1 - expectedDown[profile.ordinal()] / 86400, within(1e-9));
            }
        }
    }
}
