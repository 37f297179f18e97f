package io.incidentledger.query.status;

import io.incidentledger.query.Processors;
import io.incidentledger.query.Sql;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.availability.Timelines.GroupTimeline;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.downtime.EffectiveTimeline;
import io.incidentledger.query.downtime.Interval;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentFacts;
import io.incidentledger.query.maintenance.MaintenanceQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every active component's and group's whole timeline, as the status board evaluates it, kept between changes of
 * the read models and brought up to date by replaying only the incidents a change touched.
 *
 * <p>"Since when" may reach back to a component's first incident, so the board needs each component's whole
 * history. Replaying it on every call was most of a change's CPU (four to six callers per change), and replaying
 * it once per change still grows with the history (385–590 ms with 5,000 incidents). So the replayed intervals
 * are kept per incident: after a change only the incidents it touched are read and replayed again (their ids are
 * in {@code projection_change}), the maintenances' intervals are read again only when that projection moved, and
 * only the components (and groups) whose claims changed get a new timeline. The whole history is replayed at the
 * first call, after a rebuild, and when the changes since the kept state cannot be told (more than
 * {@link #MOST_INCIDENTS_CAUGHT_UP} incidents, or rows purged).
 *
 * <p>Whether anything changed is one indexed read ({@link ProjectionChanges#positions}: every committed projection
 * batch, this instance's or another's, moves it), so the answer is as fresh as the database. A rebuild writes no
 * positions while it replays (quiet), hence the count of rebuilds beside them. Both are read before anything else:
 * a change committed meanwhile is newer than the key it is kept under, and caught up with next time.
 *
 * <p>The intervals run to the end of time, not to a caller's instant, so what is kept holds at every later
 * instant: the status at an instant and since when it has held look only at what began by then (the steps are
 * maximal), and open incidents and running maintenances already run on to the end of time.
 */
@Component
class KeptTimelines {

    /** More incidents than this changed since the kept state: replaying them all at once is as cheap. */
    static final int MOST_INCIDENTS_CAUGHT_UP = 500;

    private static final Window ALL_TIME = new Window(Instant.EPOCH, Sql.END_OF_TIME);

    /** Every component's and every group's timeline: what the board evaluates at its instant. */
    record Board(List<ComponentTimeline> components, List<GroupTimeline> groups) {
    }

    /**
     * The board as the read models held it when {@code positions} and {@code rebuilds} were read, with what it was
     * made from: each incident's intervals, and per component its incidents' and its maintenances' intervals.
     */
    private record Kept(Map<String, Long> positions, long rebuilds, Map<String, List<Interval>> byIncident,
                        Map<String, List<Interval>> incidentClaims, Map<String, List<Interval>> maintenanceClaims,
                        Board board) {
    }

    private final IncidentFacts facts;
    private final MaintenanceQueries maintenances;
    private final ComponentDirectory directory;
    private final ProjectionChanges changes;
    private final AtomicReference<Kept> kept = new AtomicReference<>();
    private final AtomicLong rebuilds = new AtomicLong();
    private final Timer wholeReplays;
    private final Timer catchUps;

    KeptTimelines(IncidentFacts facts, MaintenanceQueries maintenances, ComponentDirectory directory,
                  ProjectionChanges changes, MeterRegistry meters) {
        this.facts = facts;
        this.maintenances = maintenances;
        this.directory = directory;
        this.changes = changes;
        this.wholeReplays = replays(meters, "whole");
        this.catchUps = replays(meters, "changes");
    }

    private static Timer replays(MeterRegistry meters, String scope) {
        return Timer.builder("ledger.status.board.replay").tag("scope", scope)
                .description("The status board brought up to date: the whole history replayed, or only the changes")
                .register(meters);
    }

    Board current() {
        long rebuildsBefore = rebuilds.get();
        Map<String, Long> positions = changes.positions();
        Kept last = kept.get();
        if (last != null && last.rebuilds() == rebuildsBefore && last.positions().equals(positions)) {
            return last.board();
        }
        long started = System.nanoTime();
        Optional<Kept> caughtUp = last == null || last.rebuilds() != rebuildsBefore ? Optional.empty()
                : caughtUp(last, positions);
        Kept next = caughtUp.orElseGet(() -> replayed(positions, rebuildsBefore));
        (caughtUp.isPresent() ? catchUps : wholeReplays).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        // Two callers bringing one change in at once both keep theirs; either is right for its key.
        kept.set(next);
        return next.board();
    }

    /** The whole history replayed. */
    private Kept replayed(Map<String, Long> positions, long rebuildsBefore) {
        Map<String, List<Interval>> byIncident = facts.intervalsByIncident(null);
        Map<String, List<Interval>> incidentClaims = new HashMap<>();
        byIncident.values().forEach(intervals -> intervals.forEach(interval ->
                incidentClaims.computeIfAbsent(interval.componentId(), c -> new ArrayList<>()).add(interval)));
        Map<String, List<Interval>> maintenanceClaims = maintenances.intervalsByComponent(ALL_TIME, Sql.END_OF_TIME,
                null);
        return new Kept(positions, rebuildsBefore, byIncident, incidentClaims, maintenanceClaims,
                board(directory.active(), incidentClaims, maintenanceClaims, null));
    }

    /** {@code last} with the changes since brought in; empty when they cannot be told from what is kept. */
    private Optional<Kept> caughtUp(Kept last, Map<String, Long> positions) {
        String incidents = Processors.INCIDENTS;
        Optional<Set<String>> touched = changes.aggregatesChanged(incidents, last.positions().get(incidents),
                positions.get(incidents), MOST_INCIDENTS_CAUGHT_UP);
        if (touched.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Interval>> byIncident = last.byIncident();
        Map<String, List<Interval>> incidentClaims = last.incidentClaims();
        if (!touched.get().isEmpty()) {
            Map<String, List<Interval>> replayed = facts.intervalsByIncident(touched.get());
            byIncident = new HashMap<>(last.byIncident());
            incidentClaims = new HashMap<>(last.incidentClaims());
            Set<String> components = new HashSet<>();
            for (String incident : touched.get()) {
                last.byIncident().getOrDefault(incident, List.of()).forEach(i -> components.add(i.componentId()));
                replayed.getOrDefault(incident, List.of()).forEach(i -> components.add(i.componentId()));
                byIncident.remove(incident);
            }
            byIncident.putAll(replayed);
            for (String component : components) {
                // A new list for each component a touched incident claims or claimed: the others keep theirs, and
                // with them their timelines.
                List<Interval> claims = new ArrayList<>();
                last.incidentClaims().getOrDefault(component, List.of()).stream()
                        .filter(interval -> !touched.get().contains(interval.source())).forEach(claims::add);
                replayed.values().forEach(intervals -> intervals.stream()
                        .filter(interval -> interval.componentId().equals(component)).forEach(claims::add));
                if (claims.isEmpty()) {
                    incidentClaims.remove(component);
                } else {
                    incidentClaims.put(component, claims);
                }
            }
        }
        String maintenancesProcessor = Processors.MAINTENANCES;
        Map<String, List<Interval>> maintenanceClaims = last.positions().get(maintenancesProcessor)
                .equals(positions.get(maintenancesProcessor)) ? last.maintenanceClaims()
                : maintenances.intervalsByComponent(ALL_TIME, Sql.END_OF_TIME, null);
        return Optional.of(new Kept(positions, last.rebuilds(), byIncident, incidentClaims, maintenanceClaims,
                board(directory.active(), incidentClaims, maintenanceClaims, last)));
    }

    /**
     * Each component's timeline from its claims; one whose claims are the very lists {@code last} was made from
     * keeps the timeline made then.
     */
    private static Board board(List<ComponentView> active, Map<String, List<Interval>> incidentClaims,
                               Map<String, List<Interval>> maintenanceClaims, Kept last) {
        Map<String, EffectiveTimeline> before = new HashMap<>();
        if (last != null) {
            last.board().components().forEach(c -> before.put(c.component().id(), c.timeline()));
        }
        List<ComponentTimeline> components = active.stream().map(component -> {
            String id = component.id();
            List<Interval> incidentsOf = incidentClaims.get(id);
            List<Interval> maintenancesOf = maintenanceClaims.get(id);
            EffectiveTimeline timeline = before.get(id);
            if (timeline == null || incidentsOf != last.incidentClaims().get(id)
                    || maintenancesOf != last.maintenanceClaims().get(id)) {
                List<Interval> claims = new ArrayList<>();
                if (incidentsOf != null) {
                    claims.addAll(incidentsOf);
                }
                if (maintenancesOf != null) {
                    claims.addAll(maintenancesOf);
                }
                timeline = EffectiveTimeline.of(claims);
            }
            return new ComponentTimeline(component, timeline);
        }).toList();
        return new Board(components, Timelines.groups(components, last == null ? List.of() : last.board().groups()));
    }

    /**
     * The tables were replayed from the store: what was kept may be what the rebuild corrected. Counted before
     * any other listener hears of it, since those rebuild their documents from the board.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ProjectionsRebuilt rebuilt) {
        rebuilds.incrementAndGet();
    }
}
