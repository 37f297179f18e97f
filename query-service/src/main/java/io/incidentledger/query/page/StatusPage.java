package io.incidentledger.query.page;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.availability.Timelines.GroupTimeline;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.downtime.Durations;
import io.incidentledger.query.downtime.ImpactPhases;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentFacts;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.incident.IncidentQueries.Filter;
import io.incidentledger.query.incident.IncidentQueries.State;
import io.incidentledger.query.incident.IncidentViews.ComponentChange;
import io.incidentledger.query.incident.IncidentViews.IncidentDetail;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import io.incidentledger.query.incident.IncidentViews.UpdateView;
import io.incidentledger.query.maintenance.MaintenanceQueries;
import io.incidentledger.query.maintenance.MaintenanceViews;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceDetail;
import io.incidentledger.query.page.PageViews.MaintenanceItem;
import io.incidentledger.query.page.PageViews.MaintenancePageView;
import io.incidentledger.query.page.PageViews.AffectedItem;
import io.incidentledger.query.page.PageViews.ComponentItem;
import io.incidentledger.query.page.PageViews.CorrectionItem;
import io.incidentledger.query.page.PageViews.GroupItem;
import io.incidentledger.query.page.PageViews.IncidentItem;
import io.incidentledger.query.page.PageViews.IncidentPageView;
import io.incidentledger.query.page.PageViews.PastDay;
import io.incidentledger.query.page.PageViews.PastIncident;
import io.incidentledger.query.page.PageViews.Section;
import io.incidentledger.query.page.PageViews.StatusPageView;
import io.incidentledger.query.page.PageViews.UpdateItem;
import io.incidentledger.query.status.StatusBoard;
import io.incidentledger.query.status.StatusBoard.Status;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds what the status page and the incident pages show, from the same queries the REST API answers. */
@Service
class StatusPage {

    /** How many days of past incidents the front page lists, today included. */
    static final int PAST_DAYS = 14;

    private final StatusBoard board;
    private final Timelines timelines;
    private final IncidentQueries incidents;
    private final IncidentFacts facts;
    private final MaintenanceQueries maintenances;
    private final ComponentDirectory directory;
    private final PostmortemRenderer postmortems;
    private final PageProperties page;
    private final Clock clock;
    private final DisplayTime time;

    StatusPage(StatusBoard board, Timelines timelines, IncidentQueries incidents, IncidentFacts facts,
               MaintenanceQueries maintenances, ComponentDirectory directory, PostmortemRenderer postmortems,
               PageProperties page, Clock clock) {
        this.board = board;
        this.timelines = timelines;
        this.incidents = incidents;
        this.facts = facts;
        this.maintenances = maintenances;
        this.directory = directory;
        this.postmortems = postmortems;
        this.page = page;
        this.clock = clock;
        this.time = new DisplayTime(page.timeZone());
    }

    StatusPageView front() {
        Status status = board.current();
        Instant now = status.asOf();
        List<IncidentItem> open = incidents.findAll(status.openIncidents().stream().map(IncidentSummary::id).toList())
                .values().stream()
                .map(this::incident)
                .toList();
        List<MaintenanceItem> active = maintenances.details(MaintenanceQueries.State.ACTIVE, 100).stream()
                .map(this::maintenance).toList();
        List<MaintenanceItem> upcoming = maintenances.details(MaintenanceQueries.State.UPCOMING, 100).stream()
                .map(this::maintenance).toList();
        return new StatusPageView(page.name(), status.indicator(), status.description(), time.stamp(now),
                UptimeBars.DAYS, sections(status, now), open, pastDays(now), active, upcoming);
    }

    Optional<MaintenancePageView> maintenance(String maintenanceId) {
        return maintenances.find(maintenanceId).map(detail -> new MaintenancePageView(page.name(),
                maintenance(detail), detail.ongoing(), detail.components().stream()
                        .map(c -> new AffectedItem(c.componentId(), c.name(), c.status(), StatusLabels.label(c.status())))
                        .toList()));
    }

    private MaintenanceItem maintenance(MaintenanceDetail detail) {
        List<UpdateItem> updates = detail.updates().stream().map(this::update).toList();
        return new MaintenanceItem(detail.id(), detail.title(), detail.status(), StatusLabels.label(detail.status()),
                time.stamp(detail.scheduledFor()), time.stamp(detail.scheduledUntil()), time.stamp(detail.startedAt()),
                time.stamp(detail.completedAt()), detail.components().stream().map(c -> c.name()).toList(), updates);
    }

    /** A maintenance's entry: its words (or Statuspage's for a silent transition); a reschedule says to when. */
    private UpdateItem update(MaintenanceViews.UpdateView update) {
        boolean late = !Objects.equals(update.at().truncatedTo(ChronoUnit.SECONDS),
                update.recordedAt().truncatedTo(ChronoUnit.SECONDS));
        List<String> changes = new ArrayList<>();
        if (update.scheduledFor() != null) {
            changes.add("Now scheduled " + time.stamp(update.scheduledFor()).text() + " – "
                    + time.stamp(update.scheduledUntil()).text());
        }
        update.componentChanges().forEach(change -> changes.add(change.name() + ": "
                + StatusLabels.label(change.oldStatus()) + " → " + StatusLabels.label(change.newStatus())));
        String label = "rescheduled".equals(update.kind()) ? "Rescheduled" : StatusLabels.label(update.status());
        return new UpdateItem(update.id(), update.status(), label, update.text(), time.stamp(update.at()),
                late ? time.stamp(update.recordedAt()) : null, changes);
    }

    Optional<IncidentPageView> incident(String incidentId) {
        return incidents.find(incidentId).map(detail -> {
            Instant now = clock.instant();
            Map<String, String> names = directory.all().stream()
                    .collect(Collectors.toMap(ComponentView::id, ComponentView::name, (a, b) -> a));
            List<String> durations = facts.timeline(incidentId, now, null)
                    .map(timeline -> ImpactPhases.sentences(timeline, id -> names.getOrDefault(id, id)))
                    .orElse(List.of());
            List<AffectedItem> affected = detail.components().stream()
                    .map(c -> new AffectedItem(c.componentId(), c.name(), c.status(), StatusLabels.label(c.status())))
                    .toList();
            List<CorrectionItem> corrections = detail.corrections().stream()
                    .map(c -> new CorrectionItem(c.id(), c.name(), c.status(), StatusLabels.label(c.status()),
                            time.stamp(c.from()), time.stamp(c.to()), c.reason(), time.stamp(c.recordedAt())))
                    .toList();
            return new IncidentPageView(page.name(), incident(detail), detail.ongoing(), durations, affected,
                    corrections,
                    detail.postmortem() == null ? null : postmortems.toSafeHtml(detail.postmortem().body()),
                    detail.postmortem() == null ? null : time.stamp(detail.postmortem().publishedAt()));
        });
    }

    /**
     * Components in page order; a group appears where its first member would, with all its members. As on
     * Statuspage, a component flagged {@code only_show_if_degraded} is left out while it is operational (a group
     * none of whose members is shown is left out with them), and only a {@code showcase} component has an uptime
     * bar (a group has one when any of its members is showcased). A group is rendered expanded while it is worse
     * than operational, so trouble is never folded away; otherwise collapsed, as Statuspage does.
     */
    private List<Section> sections(Status status, Instant now) {
        List<ComponentTimeline> history = timelines.activeComponents(new Window(Instant.EPOCH, now), now, null);
        UptimeBars bars = new UptimeBars(time, now);
        Map<String, ComponentTimeline> byId = new LinkedHashMap<>();
        history.forEach(c -> byId.put(c.component().id(), c));
        Map<String, GroupTimeline> groupTimelines = new LinkedHashMap<>();
        Timelines.groups(history).forEach(g -> groupTimelines.put(g.name(), g));
        Map<String, StatusBoard.GroupStatusView> groupStatus = new LinkedHashMap<>();
        status.groups().forEach(g -> groupStatus.put(g.name(), g));

        Map<String, List<ComponentItem>> groupMembers = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        for (StatusBoard.ComponentStatusView c : status.components()) {
            ComponentTimeline timeline = byId.get(c.id());
            ComponentView view = timeline == null ? null : timeline.component();
            if (!shown(view, c.status())) {
                continue;
            }
            boolean showcase = view == null || view.showcase();
            ComponentItem item = new ComponentItem(c.id(), c.name(), c.description(), c.status(),
                    StatusLabels.label(c.status()), timeline == null || !showcase ? null : bars.component(timeline));
            if (c.group() == null) {
                sections.add(new Section(null, item));
            } else {
                List<ComponentItem> members = groupMembers.get(c.group());
                if (members == null) {
                    members = new ArrayList<>();
                    groupMembers.put(c.group(), members);
                    String groupState = Optional.ofNullable(groupStatus.get(c.group()))
                            .map(StatusBoard.GroupStatusView::status).orElse(ComponentStatus.OPERATIONAL.toString());
                    GroupTimeline groupTimeline = groupTimelines.get(c.group());
                    boolean anyShowcased = groupTimeline != null
                            && groupTimeline.members().stream().anyMatch(m -> m.component().showcase());
                    sections.add(new Section(new GroupItem(c.group(), groupState, StatusLabels.label(groupState),
                            !OPERATIONAL.equals(groupState), members,
                            anyShowcased ? bars.group(groupTimeline) : null), null));
                }
                members.add(item);
            }
        }
        return sections;
    }

    private static final String OPERATIONAL = ComponentStatus.OPERATIONAL.toString();

    /** Statuspage's {@code only_show_if_degraded}: such a component is on the page only while not operational. */
    static boolean shown(ComponentView component, String status) {
        return component == null || !component.onlyShowIfDegraded() || !OPERATIONAL.equals(status);
    }

    /** Every day of the last two weeks, newest first, each with the incidents that began on it. */
    private List<PastDay> pastDays(Instant now) {
        LocalDate today = time.date(now);
        LocalDate first = today.minusDays(PAST_DAYS - 1L);
        Instant from = first.atStartOfDay(time.zone()).toInstant();
        Map<LocalDate, List<PastIncident>> byDay = new LinkedHashMap<>();
        for (IncidentSummary summary : incidents.list(new Filter(State.ALL, null, from, null), 0, 100).items()) {
            LocalDate day = time.date(summary.startedAt());
            if (!day.isBefore(first)) {
                byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(new PastIncident(summary.id(),
                        summary.title(), summary.impact(), StatusLabels.label(summary.status()),
                        time.stamp(summary.startedAt())));
            }
        }
        List<PastDay> days = new ArrayList<>(PAST_DAYS);
        for (LocalDate day = today; !day.isBefore(first); day = day.minusDays(1)) {
            days.add(new PastDay(time.day(day), byDay.getOrDefault(day, List.of())));
        }
        return days;
    }

    private IncidentItem incident(IncidentDetail detail) {
        List<UpdateItem> updates = detail.updates().stream().map(this::update).toList();
        Instant end = detail.resolvedAt() != null ? detail.resolvedAt() : clock.instant();
        String duration = Durations.written(Duration.between(detail.startedAt(), end).truncatedTo(ChronoUnit.MINUTES));
        return new IncidentItem(detail.id(), detail.title(), detail.impact(), detail.status(),
                StatusLabels.label(detail.status()), time.stamp(detail.startedAt()), time.stamp(detail.resolvedAt()),
                duration, updates);
    }

    /**
     * The recorded time is shown only when it tells something: an update written down later than it
     * happened. Sub-second differences are the command service's own latency, not a late report.
     */
    private UpdateItem update(UpdateView update) {
        boolean late = update.recordedAt() != null && !Objects.equals(
                update.at().truncatedTo(ChronoUnit.SECONDS), update.recordedAt().truncatedTo(ChronoUnit.SECONDS));
        List<String> changes = update.componentChanges().stream().map(StatusPage::change).toList();
        return new UpdateItem(update.id(), update.status(), StatusLabels.label(update.status()), update.message(),
                time.stamp(update.at()), late ? time.stamp(update.recordedAt()) : null, changes);
    }

    private static String change(ComponentChange change) {
        String to = StatusLabels.label(change.newStatus());
        return change.oldStatus() == null ? change.name() + ": " + to
                : change.name() + ": " + StatusLabels.label(change.oldStatus()) + " → " + to;
    }
}
