package io.incidentledger.query.page;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.Interval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an incident did to each component, written out the way the Heroku post-mortem writes it:
 * "Bamboo stack: major outage 3h 50m, then partial outage 51m, then degraded performance 9h 30m".
 */
final class ImpactPhases {

    /** One stretch at one status; {@code status} is operational for a quiet gap between two stretches of trouble. */
    record Phase(ComponentStatus status, Duration duration) {
    }

    private ImpactPhases() {
    }

    /**
     * One sentence per component, in the order the incident first named them.
     *
     * @param intervals an incident's own intervals ({@code IncidentTimeline#intervals()}), grouped by component,
     *                  each component's in time order
     * @param ongoing   the incident is still open, so its last phase is still growing
     */
    static List<String> sentences(List<Interval> intervals, Function<String, String> names, boolean ongoing) {
        Map<String, List<Interval>> byComponent = new LinkedHashMap<>();
        intervals.forEach(i -> byComponent.computeIfAbsent(i.componentId(), k -> new ArrayList<>()).add(i));
        List<String> sentences = new ArrayList<>();
        byComponent.forEach((componentId, ofComponent) ->
                sentences.add(sentence(names.apply(componentId), phases(ofComponent), ongoing)));
        return sentences;
    }

    /**
     * Consecutive intervals at the same status are one phase: a change of affected fraction is not a change
     * anyone reading the page would call a new phase. A gap between intervals is an operational phase, so the
     * durations still add up to the span the sentence covers.
     */
    static List<Phase> phases(List<Interval> ofOneComponent) {
        List<Phase> phases = new ArrayList<>();
        ComponentStatus status = null;
        Instant from = null;
        Instant to = null;
        for (Interval interval : ofOneComponent) {
            if (status != null && interval.status() == status && interval.from().equals(to)) {
                to = interval.to();
                continue;
            }
            if (status != null) {
                phases.add(new Phase(status, Duration.between(from, to)));
                if (interval.from().isAfter(to)) {
                    phases.add(new Phase(ComponentStatus.OPERATIONAL, Duration.between(to, interval.from())));
                }
            }
            status = interval.status();
            from = interval.from();
            to = interval.to();
        }
        if (status != null) {
            phases.add(new Phase(status, Duration.between(from, to)));
        }
        return phases;
    }

    static String sentence(String componentName, List<Phase> phases, boolean ongoing) {
        if (phases.isEmpty()) {
            return componentName + ": no downtime";
        }
        var out = new StringBuilder(componentName).append(": ");
        for (int i = 0; i < phases.size(); i++) {
            if (i > 0) {
                out.append(", then ");
            }
            Phase phase = phases.get(i);
            out.append(StatusLabels.lower(phase.status())).append(' ').append(Durations.written(phase.duration()));
        }
        return ongoing ? out.append(" so far").toString() : out.toString();
    }
}
