package io.incidentledger.query.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.downtime.Durations;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.incident.IncidentQueries.Filter;
import io.incidentledger.query.incident.IncidentQueries.State;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import io.incidentledger.query.page.IncidentHistory.HistoryRow;
import io.incidentledger.query.page.PageViews.DayView;
import io.incidentledger.query.page.PageViews.HistoryIncident;
import io.incidentledger.query.page.PageViews.HistoryMonth;
import io.incidentledger.query.page.PageViews.HistoryPageView;
import io.incidentledger.query.page.PageViews.Section;
import io.incidentledger.query.page.PageViews.UptimeBar;

/**
 * The incident history ({@code /history}) and the incidents of one day ({@code /days/{date}}), as Statuspage's
 * history pages: months newest first, {@link #MONTHS_PER_PAGE} to a page. Only months with an incident are listed
 * (and always the current one, which may say "no incidents"), so a quiet decade costs no empty pages and the
 * oldest incident is a few "Older" links away. Months and days are cut in the page's time zone.
 */
@Service
class HistoryPages {

    static final int MONTHS_PER_PAGE = 3;
    /** The most incidents one day page lists; a day with more is a day for the API. */
    static final int DAY_LIMIT = 200;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private final IncidentHistory history;
    private final IncidentQueries incidents;
    private final ComponentDirectory directory;
    private final FrontPageCache frontPage;
    private final PageProperties page;
    private final Clock clock;
    private final DisplayTime time;

    HistoryPages(IncidentHistory history, IncidentQueries incidents, ComponentDirectory directory,
                 FrontPageCache frontPage, PageProperties page, Clock clock) {
        this.history = history;
        this.incidents = incidents;
        this.directory = directory;
        this.frontPage = frontPage;
        this.page = page;
        this.clock = clock;
        this.time = new DisplayTime(page.timeZone());
    }

    /** Page {@code number} (1 is the newest), or empty when there is no such page. */
    Optional<HistoryPageView> history(int number) {
        ZoneId zone = time.zone();
        Instant now = clock.instant();
        List<Instant> starts = history.startTimes();
        TreeSet<YearMonth> months = new TreeSet<>(Comparator.reverseOrder());
        months.add(YearMonth.from(now.atZone(zone)));
        starts.forEach(start -> months.add(YearMonth.from(start.atZone(zone))));
        List<YearMonth> ordered = new ArrayList<>(months);
        int pages = (ordered.size() + MONTHS_PER_PAGE - 1) / MONTHS_PER_PAGE;
        if (number < 1 || number > pages) {
            return Optional.empty();
        }
        List<YearMonth> shown = ordered.subList((number - 1) * MONTHS_PER_PAGE,
                Math.min(ordered.size(), number * MONTHS_PER_PAGE));
        Instant from = shown.get(shown.size() - 1).atDay(1).atStartOfDay(zone).toInstant();
        Instant to = shown.get(0).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Map<YearMonth, List<HistoryIncident>> byMonth = new LinkedHashMap<>();
        shown.forEach(month -> byMonth.put(month, new ArrayList<>()));
        for (HistoryRow row : history.startedBetween(from, to)) {
            List<HistoryIncident> list = byMonth.get(YearMonth.from(row.startedAt().atZone(zone)));
            if (list != null) { // a month between two shown ones with no incident is never in the window's rows
                list.add(item(row.id(), row.title(), row.impact(), row.status(), row.startedAt(), row.resolvedAt(),
                        now));
            }
        }
        List<HistoryMonth> items = byMonth.entrySet().stream()
                .map(e -> new HistoryMonth(e.getKey().toString(), e.getKey().format(MONTH), e.getValue()))
                .toList();
        return Optional.of(new HistoryPageView(page.name(), number, pages, items,
                number > 1 ? historyHref(number - 1) : null, number < pages ? historyHref(number + 1) : null,
                starts.size()));
    }

    static String historyHref(int number) {
        return number == 1 ? "/history" : "/history?page=" + number;
    }

    /**
     * The incidents that touched {@code date} (any part of it, in the page's zone): of one component, of a
     * group's members, or all. Empty when the component or group is unknown.
     */
    Optional<DayView> day(LocalDate date, String componentId, String groupName) {
        Instant now = clock.instant();
        Instant from = date.atStartOfDay(time.zone()).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(time.zone()).toInstant();
        String kind = null;
        String subject = null;
        List<IncidentSummary> found;
        if (componentId != null) {
            Optional<ComponentView> component = directory.find(componentId);
            if (component.isEmpty()) {
                return Optional.empty();
            }
            kind = "component";
            subject = component.get().name();
            found = touching(componentId, from, to);
        } else if (groupName != null) {
            List<ComponentView> members = directory.all().stream()
                    .filter(c -> groupName.equals(c.group())).toList();
            if (members.isEmpty()) {
                return Optional.empty();
            }
            kind = "group";
            subject = groupName;
            Map<String, IncidentSummary> union = new LinkedHashMap<>();
            members.forEach(m -> touching(m.id(), from, to).forEach(s -> union.putIfAbsent(s.id(), s)));
            found = union.values().stream()
                    .sorted(Comparator.comparing(IncidentSummary::startedAt).reversed()
                            .thenComparing(IncidentSummary::id))
                    .toList();
        } else {
            found = touching(null, from, to);
        }
        List<HistoryIncident> items = found.stream()
                .map(s -> item(s.id(), s.title(), s.impact(), s.status(), s.startedAt(), s.resolvedAt(), now))
                .toList();
        LocalDate today = time.date(now);
        return Optional.of(new DayView(page.name(), time.day(date), kind, subject,
                uptimeWords(date, componentId, groupName), items,
                dayHref(date.minusDays(1), componentId, groupName),
                date.isBefore(today) ? dayHref(date.plusDays(1), componentId, groupName) : null,
                historyHref(1)));
    }

    private List<IncidentSummary> touching(String componentId, Instant from, Instant to) {
        return incidents.list(new Filter(State.ALL, componentId, from, to), 0, DAY_LIMIT).items();
    }

    /** The words the front page's bar shows for that day, so the two pages never disagree. */
    private String uptimeWords(LocalDate date, String componentId, String groupName) {
        if (componentId == null && groupName == null) {
            return null;
        }
        String day = date.toString();
        for (Section section : frontPage.front().view().sections()) {
            UptimeBar bar = null;
            if (section.group() != null) {
                if (section.group().name().equals(groupName)) {
                    bar = section.group().uptime();
                }
                for (var member : section.group().components()) {
                    if (member.id().equals(componentId)) {
                        bar = member.uptime();
                    }
                }
            } else if (section.component().id().equals(componentId)) {
                bar = section.component().uptime();
            }
            if (bar != null) {
                return bar.days().stream().filter(d -> d.date().equals(day)).map(PageViews.UptimeDay::tooltip)
                        .findFirst().orElse(null);
            }
        }
        return null;
    }

    private static String dayHref(LocalDate date, String componentId, String groupName) {
        if (componentId != null) {
            return UptimeBars.dayHref(date, "component", componentId);
        }
        if (groupName != null) {
            return UptimeBars.dayHref(date, "group", groupName);
        }
        return UriComponentsBuilder.fromPath("/days/" + date).toUriString();
    }

    private HistoryIncident item(String id, String title, String impact, String status, Instant startedAt,
                                 Instant resolvedAt, Instant now) {
        Instant end = resolvedAt != null ? resolvedAt : now;
        String duration = Durations.written(Duration.between(startedAt, end).truncatedTo(ChronoUnit.MINUTES));
        return new HistoryIncident(id, title, impact, status, StatusLabels.label(status), time.stamp(startedAt),
                time.stamp(resolvedAt), duration);
    }
}
