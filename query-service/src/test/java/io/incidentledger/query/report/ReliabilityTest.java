package io.incidentledger.query.report;

import io.incidentledger.query.report.Reliability.IncidentFigures;
import io.incidentledger.query.report.Reliability.Summary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReliabilityTest {

    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    private static Instant at(long minutes) {
        return T.plus(Duration.ofMinutes(minutes));
    }

    private static IncidentFigures incident(String impact, long startMinute, long recordedMinute, Integer resolvedMinute) {
        return Reliability.figures("i" + startMinute, "t", impact, resolvedMinute == null ? "investigating" : "resolved",
                at(startMinute), at(recordedMinute), resolvedMinute == null ? null : at(resolvedMinute.longValue()), 0);
    }

    @Test
    void timeToDetectRunsFromTheImpactsStartToTheRecordedOpening() {
        IncidentFigures late = incident("major", 0, 25, 90);

        assertThat(late.timeToDetectSeconds()).isEqualTo(25 * 60);
        assertThat(late.timeToResolveSeconds()).isEqualTo(90 * 60);
        assertThat(late.ongoing()).isFalse();
    }

    @Test
    void anOpeningRecordedBeforeItsEffectiveStartIsDetectedInNoTimeNotInNegativeTime() {
        assertThat(incident("minor", 10, 8, 20).timeToDetectSeconds()).isZero();
    }

    @Test
    void anOpenIncidentHasNoTimeToResolve() {
        IncidentFigures open = incident("minor", 0, 1, null);

        assertThat(open.timeToResolveSeconds()).isNull();
        assertThat(open.ongoing()).isTrue();
    }

    @Test
    void theWindowsMeansAndMediansAndTheGapsBetweenStarts() {
        List<IncidentFigures> incidents = List.of(
                incident("critical", 600, 601, null),     // still open: detected, never resolved
                incident("major", 0, 5, 60),
                incident("minor", 30, 30, 32),            // starts while the first is still open
                incident("none", 120, 140, 122));

        Summary summary = Reliability.summarize(incidents);

        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.resolved()).isEqualTo(3);
        assertThat(summary.byImpact()).containsExactly(Map.entry("none", 1), Map.entry("minor", 1),
                Map.entry("major", 1), Map.entry("critical", 1));
        // Detection: 0, 1, 5, 20 minutes.
        assertThat(summary.timeToDetect()).isEqualTo(new SecondsSummary(4, 390L, 180L));
        // Resolution: 2, 2, 60 minutes (the open one has none).
        assertThat(summary.timeToResolve()).isEqualTo(new SecondsSummary(3, 1280L, 120L));
        // Starts at 0, 30, 120, 600 minutes, whatever order they came in: gaps of 30, 90, 480 minutes.
        assertThat(summary.timeBetweenFailures()).isEqualTo(new SecondsSummary(3, 12_000L, 5_400L));
    }

    @Test
    void anEmptyWindowCountsNothingAndEveryImpactLevelIsStillNamed() {
        Summary summary = Reliability.summarize(List.of());

        assertThat(summary.count()).isZero();
        assertThat(summary.byImpact()).containsOnlyKeys("none", "minor", "major", "critical").allSatisfy(
                (impact, count) -> assertThat(count).isZero());
        assertThat(summary.timeToResolve()).isEqualTo(SecondsSummary.NONE);
        assertThat(summary.timeBetweenFailures()).isEqualTo(SecondsSummary.NONE);
    }

    @Test
    void oneIncidentHasNoGapBetweenFailures() {
        assertThat(Reliability.summarize(List.of(incident("major", 0, 1, 2))).timeBetweenFailures().count()).isZero();
    }
}
