package io.incidentledger.query.availability;

import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.downtime.EffectiveTimeline;
import io.incidentledger.query.downtime.Interval;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentFacts;
import io.incidentledger.query.maintenance.MaintenanceQueries;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds each component's effective timeline (SPEC §3 rule 2) from every incident's declarations and every
 * scheduled maintenance that ran (SPEC §7): the bridge between what the projections store and the pure downtime
 * arithmetic, which takes both kinds of claim alike.
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
    private final MaintenanceQueries maintenances;
    private final ComponentDirectory directory;

    Timelines(IncidentFacts facts, MaintenanceQueries maintenances, ComponentDirectory directory) {
        this.facts = facts;
        this.maintenances = maintenances;
        this.directory = directory;
    }

    /**
     * @param window       only intervals overlapping it matter to the caller
     * @param now          where open incidents' and running maintenances' intervals end
     * @param recordedUpTo ignore what was recorded later; null for "as now known"
     */
    public List<ComponentTimeline> components(List<ComponentView> components, Window window, Instant now,
                                              Instant recordedUpTo) {
        Map<String, List<Interval>> intervals = new LinkedHashMap<>();
        facts.intervalsByComponent(window, now, recordedUpTo).forEach((component, claims) ->
                intervals.computeIfAbsent(component, c -> new ArrayList<>()).addAll(claims));
        maintenances.intervalsByComponent(window, now, recordedUpTo).forEach((component, claims) ->
                intervals.computeIfAbsent(component, c -> new ArrayList<>()).addAll(claims));
        return components.stream()
                .map(c -> new ComponentTimeline(c, EffectiveTimeline.of(intervals.getOrDefault(c.id(), List.of()))))
                .toList();
    }

    public List<ComponentTimeline> activeComponents(Window window, Instant now, Instant recordedUpTo) {
        return components(directory.active(), window, now, recordedUpTo);
    }

    /**
     * Every component that existed at some time in the window, retired ones included (see {@link #existedIn}),
     * in page order: what a report over a past window lists.
     */
    public List<ComponentTimeline> componentsExistingIn(Window window, Instant now, Instant recordedUpTo) {
        return components(directory.all(), window, now, recordedUpTo).stream()
                .filter(c -> existedIn(c, window))
                .toList();
    }

    /**
     * Whether the component existed at some time in {@code window}: it was not retired before the window began,
     * and it was registered before the window ended or (its history entered after the fact, as when a past
     * outage is written down) trouble was declared for it within the window.
     */
    public static boolean existedIn(ComponentTimeline timeline, Window window) {
        Optional<Instant> retired = retiredAt(timeline.component());
        if (retired.isPresent() && !retired.get().isAfter(window.from())) {
            return false;
        }
        return timeline.component().createdAt().isBefore(window.to()) || timeline.timeline().segments().stream()
                .anyMatch(s -> s.from().isBefore(window.to()) && s.to().isAfter(window.from()));
    }

    /**
     * When a retired component was retired (recorded): its last change, since a retired component can no longer
     * change; empty for one still on the page.
     */
    public static Optional<Instant> retiredAt(ComponentView component) {
        return component.retired() ? Optional.of(component.updatedAt()) : Optional.empty();
    }

    /** Groups in page order (by their first member's position); ungrouped components form no group. */
    public static List<GroupTimeline> groups(List<ComponentTimeline> components) {
        return groups(components, List.of());
    }

    /**
     * {@link #groups(List)}, keeping each group of {@code previous} whose members are the same (the same views and
     * the very same timelines): a group's worst-of timeline spans its members' whole histories, and is made
     * again only when one of them changed.
     */
    public static List<GroupTimeline> groups(List<ComponentTimeline> components, List<GroupTimeline> previous) {
        Map<String, GroupTimeline> before = new LinkedHashMap<>();
        previous.forEach(g -> before.put(g.name(), g));
        var members = new LinkedHashMap<String, List<ComponentTimeline>>();
        components.stream().filter(c -> c.component().group() != null)
                .forEach(c -> members.computeIfAbsent(c.component().group(), g -> new ArrayList<>()).add(c));
        return members.entrySet().stream()
                .map(e -> {
                    GroupTimeline kept = before.get(e.getKey());
                    return kept != null && kept.members().equals(e.getValue()) ? kept
                            : new GroupTimeline(e.getKey(), List.copyOf(e.getValue()), EffectiveTimeline.worstOf(
                                    e.getValue().stream().map(ComponentTimeline::timeline).toList()));
                })
                .toList();
    }

    public static boolean inGroup(ComponentTimeline timeline, String group) {
        return group == null || Objects.equals(timeline.component().group(), group);
    }
}
