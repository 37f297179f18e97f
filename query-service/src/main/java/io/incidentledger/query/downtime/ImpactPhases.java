package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an incident did to each component, phase by phase, and written out the way the Heroku post-mortem
 * writes it: "Bamboo stack: major outage 3h 50m, then partial outage 51m, then degraded performance 9h 30m".
 * The incident page and {@code GET /api/incidents/{id}/impact} both read it from here, so they cannot disagree.
 */
public final class ImpactPhases {

    /** One stretch at one status; {@code status} is operational for a quiet gap between two stretches of trouble. */
    public record Phase(ComponentStatus status, Instant from, Instant to) {

        public Phase {
            Objects.requireNonNull(status, "status");
            Window.requireOrdered(from, to);
        }

        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    /**
     * One component's share of an incident: its phases, and its seconds per level (the same figures as the
     * incident's downtime, so {@code seconds.impactedSeconds()} is the component's total impact).
     */
    public record ComponentImpact(String componentId, List<Phase> phases, LevelSeconds seconds) {

        public ComponentImpact {
            phases = List.copyOf(phases);
        }
    }

    private ImpactPhases() {
    }

    /**
     * Every component the incident named, in the order it first named them; one it named but never declared
     * in trouble has no phases. Corrections are already in the timeline's intervals.
     */
    public static List<ComponentImpact> of(IncidentTimeline timeline) {
        Map<String, List<Interval>> byComponent = new LinkedHashMap<>();
        timeline.downtime().keySet().forEach(componentId -> byComponent.put(componentId, new ArrayList<>()));
        timeline.intervals().forEach(i -> byComponent.get(i.componentId()).add(i));
        List<ComponentImpact> impacts = new ArrayList<>();
        byComponent.forEach((componentId, intervals) -> impacts.add(
                new ComponentImpact(componentId, phases(intervals), timeline.downtime().get(componentId))));
        return impacts;
    }

    /** One sentence per component, as {@link #of} lists them. */
    public static List<String> sentences(IncidentTimeline timeline, Function<String, String> names) {
        return of(timeline).stream()
                .map(impact -> sentence(names.apply(impact.componentId()), impact.phases(), timeline.ongoing()))
                .toList();
    }

    /**
     * Consecutive intervals at the same status are one phase: a change of affected fraction is not a change
     * anyone reading the page would call a new phase. A gap between intervals is an operational phase, so the
     * durations still add up to the span the sentence covers.
     *
     * @param ofOneComponent one component's intervals of one incident, in time order
     */
    public static List<Phase> phases(List<Interval> ofOneComponent) {
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
                phases.add(new Phase(status, from, to));
                if (interval.from().isAfter(to)) {
                    phases.add(new Phase(ComponentStatus.OPERATIONAL, to, interval.from()));
                }
            }
            status = interval.status();
            from = interval.from();
            to = interval.to();
        }
        if (status != null) {
            phases.add(new Phase(status, from, to));
        }
        return phases;
    }

    /** @param ongoing the incident is still open, so its last phase is still growing */
    public static String sentence(String componentName, List<Phase> phases, boolean ongoing) {
        if (phases.isEmpty()) {
            return componentName + ": no downtime";
        }
        var out = new StringBuilder(componentName).append(": ");
        for (int i = 0; i < phases.size(); i++) {
            if (i > 0) {
                out.append(", then ");
            }
            Phase phase = phases.get(i);
            out.append(phase.status().toString().replace('_', ' ')).append(' ')
                    .append(Durations.written(phase.duration()));
        }
        return ongoing ? out.append(" so far").toString() : out.toString();
    }
}
