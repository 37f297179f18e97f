package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.query.downtime.Fixtures.API;
import static io.incidentledger.query.downtime.Fixtures.at;
import static io.incidentledger.query.downtime.Fixtures.corrected;
import static io.incidentledger.query.downtime.Fixtures.declared;
import static io.incidentledger.query.downtime.Fixtures.hours;
import static io.incidentledger.query.downtime.Fixtures.minutes;
import static io.incidentledger.query.downtime.Fixtures.opened;
import static io.incidentledger.query.downtime.Fixtures.reopened;
import static io.incidentledger.query.downtime.Fixtures.resolved;
import static io.incidentledger.query.downtime.Fixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IncidentTimelineTest {

    private static final String INCIDENT = "inc-1";
    private static final String DB = "db";
    private static final Instant LATER = at("23:00");

    private static IncidentTimeline replay(IncidentFact... facts) {
        return replayAt(LATER, facts);
    }

    private static IncidentTimeline replayAt(Instant now, IncidentFact... facts) {
        return IncidentTimeline.replay(INCIDENT, List.of(facts), now);
    }

    private static Interval claimed(String componentId, ComponentStatus status, String from, String to) {
        return new Interval(INCIDENT, componentId, status, null, at(from), at(to));
    }

    private static Interval claimed(String componentId, ComponentStatus status, double fraction, String from,
                                    String to) {
        return new Interval(INCIDENT, componentId, status, fraction, at(from), at(to));
    }

    @Nested
    class Declarations {

        @Test
        void aDeclarationLastsUntilTheNextDeclarationForTheSameComponent() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, PARTIAL_OUTAGE, "10:30"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:30"),
                    claimed(API, PARTIAL_OUTAGE, "10:30", "11:00"));
        }

        @Test
        void declaringOperationalEndsTheClaimBeforeTheResolution() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, OPERATIONAL, "10:20"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "10:20"));
        }

        @Test
        void redeclaringTheSameStatusContinuesTheIntervalInsteadOfSplittingIt() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, MAJOR_OUTAGE, "10:30"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "11:00"));
        }

        @Test
        void redeclaringTheSameStatusWithAnotherFractionStartsANewInterval() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, PARTIAL_OUTAGE, 0.2, "10:00"),
                    declared(API, PARTIAL_OUTAGE, 0.5, "10:30"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, PARTIAL_OUTAGE, 0.2, "10:00", "10:30"),
                    claimed(API, PARTIAL_OUTAGE, 0.5, "10:30", "11:00"));
        }

        @Test
        void redeclaringWithoutAFractionForgetsThePreviousOne() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, PARTIAL_OUTAGE, 0.2, "10:00"),
                    declared(API, PARTIAL_OUTAGE, "10:30"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).extracting(Interval::affectedFraction).containsExactly(0.2, null);
        }

        @Test
        void eachComponentKeepsItsOwnDeclarations() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(DB, DEGRADED_PERFORMANCE, "10:10"),
                    declared(API, OPERATIONAL, "10:20"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:20"),
                    claimed(DB, DEGRADED_PERFORMANCE, "10:10", "11:00"));
        }

        @Test
        void aDeclarationReplacedAtTheSameInstantLeavesNoZeroLengthInterval() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, PARTIAL_OUTAGE, "10:00"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, PARTIAL_OUTAGE, "10:00", "11:00"));
        }

        @Test
        void aDeclarationAtTheResolutionInstantLeavesNoZeroLengthInterval() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(DB, MAJOR_OUTAGE, "11:00"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "11:00"));
            assertThat(timeline.downtime().get(DB)).isEqualTo(LevelSeconds.NONE);
        }

        @Test
        void aBackdatedOpeningCountsFromWhenTheIncidentBeganNotWhenItWasRecorded() {
            // Recorded at 12:00 by a commander who noticed late; the outage really began at 09:00.
            var timeline = replayAt(at("12:00"),
                    opened("09:00"),
                    declared(API, MAJOR_OUTAGE, "09:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "09:00", "12:00"));
            assertThat(timeline.downtime()).containsExactly(Map.entry(API, seconds(Map.of(MAJOR_OUTAGE, hours(3)))));
        }

        @Test
        void aBackdatedUpdateOverridesWhatItContradictsFromItsOwnInstantOn() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, DEGRADED_PERFORMANCE, "10:40"),
                    // Recorded last, but says the outage was only partial from 10:20 on.
                    declared(API, PARTIAL_OUTAGE, "10:20"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:20"),
                    claimed(API, PARTIAL_OUTAGE, "10:20", "11:00"));
        }

        @Test
        void aDeclarationBackdatedBeforeTheOpeningCountsOnlyFromTheOpening() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "09:00"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "11:00"));
        }
    }

    @Nested
    class ResolutionAndReopening {

        @Test
        void theResolutionEndsEveryDeclarationAtOnce() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(DB, PARTIAL_OUTAGE, "10:15"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "11:00"),
                    claimed(DB, PARTIAL_OUTAGE, "10:15", "11:00"));
            assertThat(timeline.ongoing()).isFalse();
        }

        @Test
        void aReopenedIncidentClaimsNothingUntilItDeclaresAgain() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("11:00"),
                    reopened("12:00"),
                    declared(API, PARTIAL_OUTAGE, "12:30"),
                    resolved("13:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "11:00"),
                    claimed(API, PARTIAL_OUTAGE, "12:30", "13:00"));
            assertThat(timeline.ongoing()).isFalse();
        }

        @Test
        void aReopeningCanCarryItsOwnDeclarations() {
            var timeline = replayAt(at("12:45"),
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("11:00"),
                    reopened("12:00"),
                    declared(API, DEGRADED_PERFORMANCE, "12:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "11:00"),
                    claimed(API, DEGRADED_PERFORMANCE, "12:00", "12:45"));
            assertThat(timeline.ongoing()).isTrue();
        }

        @Test
        void aResolvedIncidentIgnoresDeclarationsUntilItIsReopened() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("11:00"),
                    declared(API, MAJOR_OUTAGE, "11:30"),
                    reopened("12:00"),
                    resolved("13:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "11:00"));
        }
    }

    @Nested
    class OpenIncidents {

        @Test
        void anOpenIncidentsDeclarationsRunUntilNowAndItIsOngoing() {
            var timeline = replayAt(at("10:45"),
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(DB, DEGRADED_PERFORMANCE, "10:30"));

            assertThat(timeline.ongoing()).isTrue();
            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:45"),
                    claimed(DB, DEGRADED_PERFORMANCE, "10:30", "10:45"));
        }

        @Test
        void replayingLaterLetsAnOpenIncidentGrow() {
            IncidentFact[] facts = {opened("10:00"), declared(API, MAJOR_OUTAGE, "10:00")};

            assertThat(replayAt(at("10:30"), facts).downtime().get(API).majorOutage()).isEqualTo(minutes(30));
            assertThat(replayAt(at("11:00"), facts).downtime().get(API).majorOutage()).isEqualTo(minutes(60));
        }

        @Test
        void declarationsDatedAfterNowDoNotCountYet() {
            var timeline = replayAt(at("10:30"),
                    opened("10:00"),
                    declared(API, PARTIAL_OUTAGE, "10:00"),
                    declared(API, MAJOR_OUTAGE, "10:40"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, PARTIAL_OUTAGE, "10:00", "10:30"));
        }

        @Test
        void anIncidentOpenedAtNowHasNoIntervalsYet() {
            var timeline = replayAt(at("10:00"), opened("10:00"), declared(API, MAJOR_OUTAGE, "10:00"));

            assertThat(timeline.intervals()).isEmpty();
            assertThat(timeline.ongoing()).isTrue();
            assertThat(timeline.downtime()).containsExactly(Map.entry(API, LevelSeconds.NONE));
        }
    }

    @Nested
    class Corrections {

        @Test
        void aCorrectionInsideADeclarationOverridesOnlyItsOwnSpan() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("12:00"),
                    corrected(API, PARTIAL_OUTAGE, "10:30", "11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:30"),
                    claimed(API, PARTIAL_OUTAGE, "10:30", "11:00"),
                    claimed(API, MAJOR_OUTAGE, "11:00", "12:00"));
        }

        @Test
        void aCorrectionAcrossTwoDeclarationsCoversTheEndOfOneAndTheStartOfTheOther() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, DEGRADED_PERFORMANCE, "11:00"),
                    resolved("12:00"),
                    corrected(API, PARTIAL_OUTAGE, "10:45", "11:15"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:45"),
                    claimed(API, PARTIAL_OUTAGE, "10:45", "11:15"),
                    claimed(API, DEGRADED_PERFORMANCE, "11:15", "12:00"));
        }

        @Test
        void aCorrectionOverhangingTheIncidentsLifeIsClippedToIt() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, DEGRADED_PERFORMANCE, "10:00"),
                    resolved("11:00"),
                    corrected(API, MAJOR_OUTAGE, "09:00", "10:30"),
                    corrected(DB, PARTIAL_OUTAGE, "10:50", "13:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:30"),
                    claimed(API, DEGRADED_PERFORMANCE, "10:30", "11:00"),
                    claimed(DB, PARTIAL_OUTAGE, "10:50", "11:00"));
        }

        @Test
        void aCorrectionOfAnOpenIncidentIsClippedAtNow() {
            var timeline = replayAt(at("10:30"),
                    opened("10:00"),
                    corrected(API, MAJOR_OUTAGE, "10:15", "11:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:15", "10:30"));
        }

        @Test
        void aCorrectionEntirelyOutsideTheIncidentChangesNothing() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("11:00"),
                    corrected(API, OPERATIONAL, "08:00", "10:00"),
                    corrected(API, PARTIAL_OUTAGE, "11:00", "12:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "11:00"));
        }

        @Test
        void anOperationalCorrectionErasesTheClaimOverItsSpan() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("12:00"),
                    corrected(API, OPERATIONAL, "10:30", "11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:30"),
                    claimed(API, MAJOR_OUTAGE, "11:00", "12:00"));
        }

        @Test
        void whereTwoCorrectionsOverlapTheLaterOneWins() {
            var timeline = replay(
                    opened("10:00"),
                    resolved("12:00"),
                    corrected(API, PARTIAL_OUTAGE, "10:00", "11:00"),
                    corrected(API, MAJOR_OUTAGE, "10:30", "11:30"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, PARTIAL_OUTAGE, "10:00", "10:30"),
                    claimed(API, MAJOR_OUTAGE, "10:30", "11:30"));
        }

        @Test
        void theSameTwoCorrectionsInTheOtherOrderGiveTheOtherOneTheOverlap() {
            var timeline = replay(
                    opened("10:00"),
                    resolved("12:00"),
                    corrected(API, MAJOR_OUTAGE, "10:30", "11:30"),
                    corrected(API, PARTIAL_OUTAGE, "10:00", "11:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, PARTIAL_OUTAGE, "10:00", "11:00"),
                    claimed(API, MAJOR_OUTAGE, "11:00", "11:30"));
        }

        @Test
        void correctionsOverrideDeclarationsRecordedAfterThem() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    corrected(API, DEGRADED_PERFORMANCE, "10:30", "11:00"),
                    declared(API, PARTIAL_OUTAGE, "10:45"),
                    resolved("12:00"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, MAJOR_OUTAGE, "10:00", "10:30"),
                    claimed(API, DEGRADED_PERFORMANCE, "10:30", "11:00"),
                    claimed(API, PARTIAL_OUTAGE, "11:00", "12:00"));
        }

        @Test
        void aCorrectedSpanHasNoAffectedFractionBecauseACorrectionStatesNone() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, PARTIAL_OUTAGE, 0.4, "10:00"),
                    resolved("11:00"),
                    corrected(API, PARTIAL_OUTAGE, "10:20", "10:40"));

            assertThat(timeline.intervals()).containsExactly(
                    claimed(API, PARTIAL_OUTAGE, 0.4, "10:00", "10:20"),
                    claimed(API, PARTIAL_OUTAGE, "10:20", "10:40"),
                    claimed(API, PARTIAL_OUTAGE, 0.4, "10:40", "11:00"));
        }

        @Test
        void aCorrectionMayFillTheGapBetweenAResolutionAndAReopeningBecauseThatIsInsideTheIncidentsLife() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("11:00"),
                    reopened("12:00"),
                    declared(API, MAJOR_OUTAGE, "12:00"),
                    resolved("13:00"),
                    corrected(API, MAJOR_OUTAGE, "11:00", "12:00"));

            assertThat(timeline.intervals()).containsExactly(claimed(API, MAJOR_OUTAGE, "10:00", "13:00"));
        }

        @Test
        void aCorrectionCanBeTheFirstMentionOfAComponent() {
            var timeline = replay(
                    opened("10:00"),
                    corrected(DB, MAJOR_OUTAGE, "10:15", "10:45"),
                    declared(API, DEGRADED_PERFORMANCE, "10:00"),
                    resolved("11:00"));

            assertThat(timeline.downtime().keySet()).containsExactly(DB, API);
            assertThat(timeline.intervals()).contains(claimed(DB, MAJOR_OUTAGE, "10:15", "10:45"));
        }
    }

    @Nested
    class Downtime {

        @Test
        void countsSecondsPerLevelForEachComponentInOrderOfFirstAppearance() {
            var timeline = replay(
                    opened("10:00"),
                    declared(DB, PARTIAL_OUTAGE, "10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(API, DEGRADED_PERFORMANCE, "10:30"),
                    declared(DB, MAJOR_OUTAGE, "10:45"),
                    resolved("11:00"));

            assertThat(timeline.downtime()).containsExactly(
                    Map.entry(DB, seconds(Map.of(PARTIAL_OUTAGE, minutes(45), MAJOR_OUTAGE, minutes(15)))),
                    Map.entry(API, seconds(Map.of(MAJOR_OUTAGE, minutes(30), DEGRADED_PERFORMANCE, minutes(30)))));
        }

        @Test
        void aComponentOnlyEverDeclaredOperationalIsListedWithNoDowntime() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, OPERATIONAL, "10:00"),
                    resolved("11:00"));

            assertThat(timeline.intervals()).isEmpty();
            assertThat(timeline.downtime()).containsExactly(Map.entry(API, LevelSeconds.NONE));
        }

        @Test
        void truncatesToWholeSecondsOnlyOnceAfterSummingExactDurations() {
            // Two outages of 1.6 s each: 3.2 s in all. Truncating each first would report 2 s.
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00:00.000"),
                    declared(API, OPERATIONAL, "10:00:01.600"),
                    declared(API, MAJOR_OUTAGE, "10:00:02.000"),
                    declared(API, OPERATIONAL, "10:00:03.600"),
                    resolved("11:00"));

            assertThat(timeline.downtime().get(API).majorOutage()).isEqualTo(3);
        }

        @Test
        void everyIntervalIsAttributedToTheIncident() {
            var timeline = replay(opened("10:00"), declared(API, MAJOR_OUTAGE, "10:00"), resolved("11:00"));

            assertThat(timeline.incidentId()).isEqualTo(INCIDENT);
            assertThat(timeline.intervals()).extracting(Interval::source).containsOnly(INCIDENT);
        }
    }

    @Nested
    class CustomerImpact {

        @Test
        void componentsDownTogetherAreCountedOnceAndQuietGapsNotAtAll() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    declared(DB, DEGRADED_PERFORMANCE, "10:30"),
                    declared(API, OPERATIONAL, "11:00"),
                    declared(DB, OPERATIONAL, "11:15"),
                    declared(API, PARTIAL_OUTAGE, "12:00"),
                    resolved("12:10"));

            // 10:00-11:15 (API, then DB overlapping it) and 12:00-12:10: the 45 quiet minutes are no impact.
            assertThat(timeline.customerImpactSeconds()).isEqualTo(minutes(75 + 10));
        }

        @Test
        void aCorrectionToOperationalTakesItsSpanOutOfTheImpact() {
            var timeline = replay(
                    opened("10:00"),
                    declared(API, MAJOR_OUTAGE, "10:00"),
                    resolved("12:00"),
                    corrected(API, OPERATIONAL, "10:00", "10:40"));

            assertThat(timeline.customerImpactSeconds()).isEqualTo(minutes(80));
        }

        @Test
        void anOpenIncidentsImpactRunsToNowAndOneThatClaimedNothingHasNone() {
            assertThat(replayAt(at("10:20:30.000"), opened("10:00"), declared(API, PARTIAL_OUTAGE, "10:00"))
                    .customerImpactSeconds()).isEqualTo(minutes(20) + 30);
            assertThat(replay(opened("10:00"), declared(API, OPERATIONAL, "10:00"), resolved("11:00"))
                    .customerImpactSeconds()).isZero();
        }
    }

    @Nested
    class MalformedHistories {

        @Test
        void aHistoryMustBeginWithTheOpening() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> replay(declared(API, MAJOR_OUTAGE, "10:00"), resolved("11:00")))
                    .withMessageContaining("must begin with Opened");
        }

        @Test
        void anEmptyHistoryIsRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> replay());
        }

        @Test
        void anIncidentCannotOpenTwice() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> replay(opened("10:00"), resolved("11:00"), opened("12:00")))
                    .withMessageContaining("opened twice");
        }

        @Test
        void aResolutionBeforeTheOpeningLeavesAnEmptyIncident() {
            var timeline = replay(opened("10:00"), declared(API, MAJOR_OUTAGE, "10:00"), resolved("09:00"));

            assertThat(timeline.intervals()).isEmpty();
            assertThat(timeline.ongoing()).isFalse();
        }
    }
}
