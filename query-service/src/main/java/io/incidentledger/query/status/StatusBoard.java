package io.incidentledger.query.status;

import io.incidentledger.query.Sql;
import io.incidentledger.query.asof.AsOf;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.availability.Timelines.GroupTimeline;
import io.incidentledger.query.downtime.StatusRollup;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the page shows right now: every component's effective status and since when, and the roll-up. */
@Service
public class StatusBoard {

    /** {@code version}: the component's aggregate version (what command-service accepts as If-Match). */
    public record ComponentStatusView(String id, Long version, String name, String group, String description, int position,
                                      String status, Instant since) {
    }

    public record GroupStatusView(String name, String status, Instant since, List<String> components) {
    }

    public record Status(String indicator, String description, Instant asOf, List<ComponentStatusView> components,
                         List<GroupStatusView> groups, List<IncidentSummary> openIncidents) {
    }

    /** Every component's and every group's timeline: what {@link #current} evaluates at its instant. */
    private record Board(List<ComponentTimeline> components, List<GroupTimeline> groups) {

        static Board of(List<ComponentTimeline> components) {
            return new Board(components, Timelines.groups(components));
        }
    }

    /** The board as the read models held it when {@code progress} and {@code rebuilds} were read. */
    private record Known(long progress, long rebuilds, Board board) {
    }

    private final Timelines timelines;
    private final IncidentQueries incidents;
    private final ProjectionChanges changes;
    private final Clock clock;
    private final AtomicReference<Known> known = new AtomicReference<>();
    private final AtomicLong rebuilds = new AtomicLong();

    StatusBoard(Timelines timelines, IncidentQueries incidents, ProjectionChanges changes, Clock clock) {
        this.timelines = timelines;
        this.incidents = incidents;
        this.changes = changes;
        this.clock = clock;
    }

    public Status current() {
        Instant now = clock.instant();
        Board board = AsOf.current().isPresent() ? asPublishedThen(now) : asNowKnown();
        List<ComponentTimeline> components = board.components();
        List<ComponentStatusView> views = components.stream()
                .map(c -> new ComponentStatusView(c.component().id(), c.component().version(), c.component().name(),
                        c.component().group(), c.component().description(), c.component().position(),
                        c.timeline().statusAt(now).toString(), c.timeline().since(now).orElse(null)))
                .toList();
        List<GroupStatusView> groups = board.groups().stream()
                .map(g -> new GroupStatusView(g.name(), g.timeline().statusAt(now).toString(),
                        g.timeline().since(now).orElse(null),
                        g.members().stream().map(m -> m.component().id()).toList()))
                .toList();
        StatusRollup rollup = StatusRollup.of(components.stream().map(c -> c.timeline().statusAt(now)).toList());
        return new Status(rollup.indicator(), rollup.description(), now, views, groups, incidents.open());
    }

    /**
     * The timelines, replayed from every incident and maintenance only when the read models have changed since the
     * last replay. "Since when" may reach back to a component's first incident, so a replay reads the whole history;
     * it was done by every caller (the documents, /api/status, the announcer, each announcement's body: four to six
     * times per change, profiled as most of a change's CPU), now once per change, by whichever caller comes first.
     *
     * <p>Whether anything changed is one indexed read ({@link ProjectionChanges#progress}: every committed projection
     * batch, this instance's or another's, moves it), so the answer is as fresh as the database, as before. A rebuild
     * writes no progress while it replays (quiet), hence the count of rebuilds beside it. Both are read before the
     * replay: a change committed during it is newer than the key it is kept under, and replayed again next time.
     *
     * <p>The replay runs up to the end of time, not to now, so what it keeps holds at every later instant: the
     * status at an instant and since when it has held look only at what began by then (the steps are maximal), and
     * open incidents and running maintenances already run on to the end of time.
     */
    private Board asNowKnown() {
        long rebuildsBefore = rebuilds.get();
        long progress = changes.progress();
        Known last = known.get();
        if (last != null && last.progress() == progress && last.rebuilds() == rebuildsBefore) {
            return last.board();
        }
        Board board = Board.of(
                timelines.activeComponents(new Window(Instant.EPOCH, Sql.END_OF_TIME), Sql.END_OF_TIME, null));
        // Two callers replaying one change at once both keep theirs; either is right for that key.
        known.set(new Known(progress, rebuildsBefore, board));
        return board;
    }

    /**
     * An answer as published at a past instant ({@link AsOf}): read from that instant's snapshot, never kept.
     * Up to and including now: the window is half-open, and an incident that began exactly at now holds at now.
     * Open incidents run on past now (not to it): intervals are half-open, and one ending at now would not hold at
     * now.
     */
    private Board asPublishedThen(Instant now) {
        return Board.of(
                timelines.activeComponents(new Window(Instant.EPOCH, now.plusNanos(1)), Sql.END_OF_TIME, null));
    }

    /**
     * The tables were replayed from the store: what was kept may be what the rebuild corrected. Counted before
     * any other listener hears of it, since those rebuild their documents from this board.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ProjectionsRebuilt rebuilt) {
        rebuilds.incrementAndGet();
    }

}
