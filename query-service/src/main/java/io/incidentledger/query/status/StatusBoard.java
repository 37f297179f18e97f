package io.incidentledger.query.status;

import io.incidentledger.query.Sql;
import io.incidentledger.query.asof.AsOf;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.downtime.StatusRollup;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.status.KeptTimelines.Board;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

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

    private final Timelines timelines;
    private final KeptTimelines kept;
    private final IncidentQueries incidents;
    private final Clock clock;

    StatusBoard(Timelines timelines, KeptTimelines kept, IncidentQueries incidents, Clock clock) {
        this.timelines = timelines;
        this.kept = kept;
        this.incidents = incidents;
        this.clock = clock;
    }

    public Status current() {
        Instant now = clock.instant();
        // As now known: kept between changes (KeptTimelines). As published then: from that instant's snapshot.
        Board board = AsOf.current().isPresent() ? asPublishedThen(now) : kept.current();
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
     * An answer as published at a past instant ({@link AsOf}): read from that instant's snapshot, never kept.
     * Up to and including now: the window is half-open, and an incident that began exactly at now holds at now.
     * Open incidents run on past now (not to it): intervals are half-open, and one ending at now would not hold at
     * now.
     */
    private Board asPublishedThen(Instant now) {
        List<ComponentTimeline> components =
                timelines.activeComponents(new Window(Instant.EPOCH, now.plusNanos(1)), Sql.END_OF_TIME, null);
        return new Board(components, Timelines.groups(components));
    }
}
