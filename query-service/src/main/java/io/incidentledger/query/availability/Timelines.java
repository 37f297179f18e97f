package io.incidentledger.query.availability;

import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.downtime.EffectiveTimeline;
import io.incidentledger.query.downtime.Interval;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentFacts;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds each component's effective timeline (SPEC §3 rule 2) from every incident's declarations: the
 * bridge between the facts the projection stores and the pure downtime arithmetic.
 */
@Service
public class Timelines {

    /** A component and its effective timeline. */
    public record ComponentTimeline(ComponentView component, EffectiveTimeline timeline) {
    }

    /** A group of components: its timeline is the worst of its members' at every instant. */
    public record GroupTimeline(String name, List<ComponentTimeline> members, EffectiveTimeline timeline) {
    }

    private final IncidentFacts facts;
    private final ComponentDirectory directory;

    Timelines(IncidentFacts facts, ComponentDirectory directory) {
        this.facts = facts;
        this.directory = directory;
    }

    /**
     * @param window       only intervals overlapping it matter to the caller
     * @param now          where open incidents' intervals end
     * @param recordedUpTo ignore what was recorded later; null for "as now known"
     */
    public List<ComponentTimeline> components(List<ComponentView> components, Window window, Instant now,
                                              Instant recordedUpTo) {
        Map<String, List<Interval>> intervals = facts.intervalsByComponent(window, now, recordedUpTo);
        return components.stream()
                .map(c -> new ComponentTimeline(c, EffectiveTimeline.of(intervals.getOrDefault(c.id(), List.of()))))
                .toList();
    }

    public List<ComponentTimeline> activeComponents(Window window, Instant now, Instant recordedUpTo) {
        return components(directory.active(), window, now, recordedUpTo);
    }

    /** Groups in page order (by their first member's position); ungrouped components form no group. */
    public static List<GroupTimeline> groups(List<ComponentTimeline> components) {
        var members = new LinkedHashMap<String, List<ComponentTimeline>>();
        components.stream().filter(c -> c.component().group() != null)
                .forEach(c -> members.computeIfAbsent(c.component().group(), g -> new java.util.ArrayList<>()).add(c));
        return members.entrySet().stream()
                .map(e -> new GroupTimeline(e.getKey(), List.copyOf(e.getValue()),
                        EffectiveTimeline.worstOf(e.getValue().stream().map(ComponentTimeline::timeline).toList())))
                .toList();
    }

    public static boolean inGroup(ComponentTimeline timeline, String group) {
        return group == null || Objects.equals(timeline.component().group(), group);
    }
}
