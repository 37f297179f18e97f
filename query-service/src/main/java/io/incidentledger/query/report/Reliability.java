package io.incidentledger.query.report;

import io.incidentledger.events.Impact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How quickly incidents were noticed and fixed, and how often they came: the arithmetic of the reliability
 * report, free of I/O so that every figure can be checked in a unit test.
 *
 * <ul>
 *   <li>time to detect: from the impact's start (the incident's effective {@code startedAt}) to when its opening
 *       was recorded; never negative (a clock ahead of the recorder is not negative detection time).</li>
 *   <li>time to resolve: from the impact's start to the resolution's effective time; open incidents have none.</li>
 *   <li>time between failures: the gap from one incident's start to the next one's, in order of start. Start to
 *       start, rather than resolution to next start, because incidents overlap (the gap would be negative) and
 *       open ones have no resolution; n incidents give n - 1 gaps.</li>
 * </ul>
 */
final class Reliability {

    /** One incident's figures; {@code customerImpactSeconds} counts time any of its components was in trouble. */
    record IncidentFigures(String id, String title, String impact, String status, Instant startedAt,
                           Instant detectedAt, Instant resolvedAt, boolean ongoing, long timeToDetectSeconds,
                           Long timeToResolveSeconds, long customerImpactSeconds) {
    }

    /** The window's aggregates. {@code byImpact} names every impact level, worst last, zero when none. */
    record Summary(int count, int resolved, Map<String, Integer> byImpact, SecondsSummary timeToDetect,
                   SecondsSummary timeToResolve, SecondsSummary timeBetweenFailures) {
    }

    private Reliability() {
    }

    /**
     * @param detectedAt when the opening was recorded
     * @param resolvedAt the effective time of the last resolution, or null while open
     */
    static IncidentFigures figures(String id, String title, String impact, String status, Instant startedAt,
                                   Instant detectedAt, Instant resolvedAt, long customerImpactSeconds) {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(detectedAt, "detectedAt");
        return new IncidentFigures(id, title, impact, status, startedAt, detectedAt, resolvedAt, resolvedAt == null,
                secondsBetween(startedAt, detectedAt),
                resolvedAt == null ? null : secondsBetween(startedAt, resolvedAt), customerImpactSeconds);
    }

    static Summary summarize(List<IncidentFigures> incidents) {
        Map<String, Integer> byImpact = new LinkedHashMap<>();
        for (Impact impact : Impact.values()) {
            byImpact.put(impact.toString(), 0);
        }
        incidents.forEach(i -> byImpact.merge(i.impact(), 1, Integer::sum));

        List<Long> toResolve = incidents.stream().map(IncidentFigures::timeToResolveSeconds)
                .filter(Objects::nonNull).toList();
        List<Instant> starts = incidents.stream().map(IncidentFigures::startedAt)
                .sorted(Comparator.naturalOrder()).toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            gaps.add(secondsBetween(starts.get(i - 1), starts.get(i)));
        }
        return new Summary(incidents.size(), toResolve.size(), byImpact,
                SecondsSummary.of(incidents.stream().map(IncidentFigures::timeToDetectSeconds).toList()),
                SecondsSummary.of(toResolve), SecondsSummary.of(gaps));
    }

    private static long secondsBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).getSeconds());
    }
}
