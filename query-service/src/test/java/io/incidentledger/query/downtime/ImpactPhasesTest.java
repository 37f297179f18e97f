package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.ImpactPhases.ComponentImpact;
import io.incidentledger.query.downtime.ImpactPhases.Phase;
import io.incidentledger.query.downtime.IncidentFact.Corrected;
import io.incidentledger.query.downtime.IncidentFact.Declared;
import io.incidentledger.query.downtime.IncidentFact.Opened;
import io.incidentledger.query.downtime.IncidentFact.Resolved;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private static Phase phase(ComponentStatus status, Duration from, Duration to) {
        return new Phase(status, START.plus(from), START.plus(to));
    }

    private static Duration hm(int hours, int minutes) {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    private static Declared declared(String component, ComponentStatus status, Duration at) {
        return new Declared(component, status, null, START.plus(at));
    }

    /** Bamboo: total outage 3h50m, intermittent failures 51m, degraded 9h30m; Cedar partially down 2h27m. */
    private static IncidentTimeline heroku(IncidentFact... extra) {
        List<IncidentFact> facts = new ArrayList<>(List.of(new Opened(START),
                declared("bamboo", MAJOR_OUTAGE, hm(0, 0)),
                new Declared("cedar", PARTIAL_OUTAGE, 0.3, START),
                declared("cedar", OPERATIONAL, hm(2, 27)),
                declared("bamboo", PARTIAL_OUTAGE, hm(3, 50)),
                declared("bamboo", DEGRADED_PERFORMANCE, hm(4, 41)),
                new Resolved(START.plus(hm(14, 11)))));
        facts.addAll(List.of(extra));
        return IncidentTimeline.replay("heroku", facts, START.plus(Duration.ofDays(3)));
    }

    @Test
    void theHerokuBambooStackIsWrittenAsTheSeedWritesIt() {
        assertThat(ImpactPhases.sentences(heroku(), Map.of("bamboo", "Bamboo stack", "cedar", "Cedar stack")::get))
                .containsExactly("Bamboo stack: major outage 3h 50m, then partial outage 51m, "
                        + "then degraded performance 9h 30m", "Cedar stack: partial outage 2h 27m");
    }

    @Test
    void theHerokuPhasesComeWithTheirExactSpansAndTheComponentsTotals() {
        List<ComponentImpact> impact = ImpactPhases.of(heroku());

        assertThat(impact).extracting(ComponentImpact::componentId).containsExactly("bamboo", "cedar");
        ComponentImpact bamboo = impact.get(0);
        assertThat(bamboo.phases()).containsExactly(
                phase(MAJOR_OUTAGE, hm(0, 0), hm(3, 50)),
                phase(PARTIAL_OUTAGE, hm(3, 50), hm(4, 41)),
                phase(DEGRADED_PERFORMANCE, hm(4, 41), hm(14, 11)));
        assertThat(bamboo.phases()).extracting(p -> p.duration().getSeconds()).containsExactly(13_800L, 3_060L, 34_200L);
        assertThat(bamboo.seconds()).isEqualTo(new LevelSeconds(13_800, 3_060, 34_200, 0));
        assertThat(bamboo.seconds().impactedSeconds()).isEqualTo(51_060);
        assertThat(impact.get(1).phases()).containsExactly(phase(PARTIAL_OUTAGE, hm(0, 0), hm(2, 27)));
    }

    @Test
    void aCorrectionIsPartOfThePhases() {
        // Hindsight: the first 20 minutes of Bamboo's "total outage" were only a partial one.
        IncidentTimeline corrected = heroku(new Corrected("bamboo", PARTIAL_OUTAGE, START, START.plus(hm(0, 20))));

        assertThat(ImpactPhases.of(corrected).get(0).phases()).containsExactly(
                phase(PARTIAL_OUTAGE, hm(0, 0), hm(0, 20)),
                phase(MAJOR_OUTAGE, hm(0, 20), hm(3, 50)),
                phase(PARTIAL_OUTAGE, hm(3, 50), hm(4, 41)),
                phase(DEGRADED_PERFORMANCE, hm(4, 41), hm(14, 11)));
        assertThat(ImpactPhases.sentences(corrected, id -> id).get(0)).isEqualTo("bamboo: partial outage 20m, "
                + "then major outage 3h 30m, then partial outage 51m, then degraded performance 9h 30m");
    }

    @Test
    void eachComponentGetsItsOwnSentenceInTheOrderTheIncidentNamedThem() {
        IncidentTimeline timeline = IncidentTimeline.replay("i", List.of(new Opened(START),
                declared("cedar", PARTIAL_OUTAGE, hm(0, 10)),
                declared("bamboo", MAJOR_OUTAGE, hm(0, 20)),
                declared("db", OPERATIONAL, hm(0, 20)),
                new Resolved(START.plus(hm(2, 37)))), START.plus(Duration.ofDays(1)));

        assertThat(ImpactPhases.sentences(timeline, id -> id.toUpperCase()))
                .containsExactly("CEDAR: partial outage 2h 27m", "BAMBOO: major outage 2h 17m", "DB: no downtime");
        assertThat(ImpactPhases.of(timeline).get(2).phases()).isEmpty();
    }

    @Test
    void touchingIntervalsAtTheSameStatusAreOnePhaseEvenWhenTheAffectedFractionChanged() {
        List<Interval> intervals = List.of(
                new Interval("i", "c", PARTIAL_OUTAGE, 0.3, START, START.plus(hm(1, 0))),
                new Interval("i", "c", PARTIAL_OUTAGE, 0.6, START.plus(hm(1, 0)), START.plus(hm(1, 45))));

        assertThat(ImpactPhases.phases(intervals)).containsExactly(phase(PARTIAL_OUTAGE, hm(0, 0), hm(1, 45)));
    }

    @Test
    void aQuietGapBetweenTwoStretchesOfTroubleIsWrittenAsOperational() {
        List<Interval> intervals = List.of(
                interval("c", MAJOR_OUTAGE, hm(0, 0), hm(1, 0)),
                interval("c", MAJOR_OUTAGE, hm(1, 20), hm(1, 30)));

        assertThat(ImpactPhases.phases(intervals)).containsExactly(
                phase(MAJOR_OUTAGE, hm(0, 0), hm(1, 0)), phase(OPERATIONAL, hm(1, 0), hm(1, 20)),
                phase(MAJOR_OUTAGE, hm(1, 20), hm(1, 30)));
        assertThat(ImpactPhases.sentence("API", ImpactPhases.phases(intervals), false))
                .isEqualTo("API: major outage 1h, then operational 20m, then major outage 10m");
    }

    @Test
    void anOngoingIncidentSaysSoFar() {
        assertThat(ImpactPhases.sentence("API", List.of(phase(MAJOR_OUTAGE, hm(0, 0), hm(0, 5))), true))
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
