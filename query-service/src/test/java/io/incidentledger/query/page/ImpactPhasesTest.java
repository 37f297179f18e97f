package io.incidentledger.query.page;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.Interval;
import io.incidentledger.query.page.ImpactPhases.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static org.assertj.core.api.Assertions.assertThat;

class ImpactPhasesTest {

    /** 29 June 2012, 20:04 PDT: the AWS outage that took Heroku's Bamboo stack down. */
    private static final Instant START = Instant.parse("2012-06-30T03:04:00Z");

    private static Interval interval(String component, ComponentStatus status, Duration from, Duration to) {
        return new Interval("heroku", component, status, null, START.plus(from), START.plus(to));
    }

    private static Duration hm(int hours, int minutes) {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    @Test
    void theHerokuBambooStackIsWrittenAsTheSeedWritesIt() {
        List<Interval> bamboo = List.of(
                interval("bamboo", MAJOR_OUTAGE, hm(0, 0), hm(3, 50)),
                interval("bamboo", PARTIAL_OUTAGE, hm(3, 50), hm(4, 41)),
                interval("bamboo", DEGRADED_PERFORMANCE, hm(4, 41), hm(14, 11)));

        assertThat(ImpactPhases.sentences(bamboo, Map.of("bamboo", "Bamboo stack")::get, false))
                .containsExactly("Bamboo stack: major outage 3h 50m, then partial outage 51m, "
                        + "then degraded performance 9h 30m");
    }

    @Test
    void eachComponentGetsItsOwnSentenceInTheOrderTheIncidentNamedThem() {
        List<Interval> intervals = List.of(
                interval("cedar", PARTIAL_OUTAGE, hm(0, 10), hm(2, 37)),
                interval("bamboo", MAJOR_OUTAGE, hm(0, 0), hm(3, 50)));

        assertThat(ImpactPhases.sentences(intervals, id -> id.toUpperCase(), false))
                .containsExactly("CEDAR: partial outage 2h 27m", "BAMBOO: major outage 3h 50m");
    }

    @Test
    void touchingIntervalsAtTheSameStatusAreOnePhaseEvenWhenTheAffectedFractionChanged() {
        List<Interval> intervals = List.of(
                new Interval("i", "c", PARTIAL_OUTAGE, 0.3, START, START.plus(hm(1, 0))),
                new Interval("i", "c", PARTIAL_OUTAGE, 0.6, START.plus(hm(1, 0)), START.plus(hm(1, 45))));

        assertThat(ImpactPhases.phases(intervals)).containsExactly(new Phase(PARTIAL_OUTAGE, hm(1, 45)));
    }

    @Test
    void aQuietGapBetweenTwoStretchesOfTroubleIsWrittenAsOperational() {
        List<Interval> intervals = List.of(
                interval("c", MAJOR_OUTAGE, hm(0, 0), hm(1, 0)),
                interval("c", MAJOR_OUTAGE, hm(1, 20), hm(1, 30)));

        assertThat(ImpactPhases.phases(intervals)).containsExactly(
                new Phase(MAJOR_OUTAGE, hm(1, 0)), new Phase(OPERATIONAL, hm(0, 20)),
                new Phase(MAJOR_OUTAGE, hm(0, 10)));
        assertThat(ImpactPhases.sentence("API", ImpactPhases.phases(intervals), false))
                .isEqualTo("API: major outage 1h, then operational 20m, then major outage 10m");
    }

    @Test
    void anOngoingIncidentSaysSoFar() {
        assertThat(ImpactPhases.sentence("API", List.of(new Phase(MAJOR_OUTAGE, hm(0, 5))), true))
                .isEqualTo("API: major outage 5m so far");
    }

    @Test
    void durationsAreWrittenInDaysHoursMinutesAndSecondsLeavingOutZeros() {
        assertThat(Durations.written(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.written(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.written(hm(9, 30))).isEqualTo("9h 30m");
        assertThat(Durations.written(hm(3, 0))).isEqualTo("3h");
        assertThat(Durations.written(Duration.ofDays(1).plusMinutes(2).plusSeconds(3))).isEqualTo("1d 2m 3s");
    }
}
