package io.incidentledger.query.report;

import io.incidentledger.query.availability.AvailabilityQueries;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.downtime.AccountingProfile;
import io.incidentledger.query.downtime.EffectiveTimeline;
import io.incidentledger.query.downtime.LevelSeconds;
import io.incidentledger.query.downtime.Window;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Uptime per component, group or the whole page over a window, optionally month by month: the SLA table. The
 * figures are those of {@code /api/downtime} (the same effective timelines, the same rounding), as now known.
 * Every component that existed in the window is in it, retired ones included and marked ({@code retired},
 * {@code retiredAt}); a retired component has no row for a month that began after its retirement, and is a
 * member of its group, and of the page, for the window.
 */
@Service
class UptimeReports {

    /** Whose uptime: each component's, each group's (the mean of its members'), or the page's (the mean of all). */
    enum Level {
        COMPONENT, GROUP, PAGE;

        static Optional<Level> fromWireName(String wireName) {
            return Arrays.stream(values()).filter(l -> l.toString().equals(wireName)).findFirst();
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One entity over one period. {@code from}/{@code to} are the period as covered (a month clipped to the
     * window, the window clipped to now); {@code seconds} per level come from the entity's worst-of timeline, and
     * {@code uptimePercent} weighs them by the profile (for a group or the page, the mean of its components').
     * {@code retired}/{@code retiredAt}: a component since taken off the page, and when (always false/null for a
     * group or the page).
     */
    record UptimeRow(String period, Instant from, Instant to, String level, String id, String name, String group,
                     List<String> components, long windowSeconds, Map<String, Long> seconds, long impactedSeconds,
                     double uptimePercent, boolean retired, Instant retiredAt) {
    }

    /** {@code from}/{@code to} as asked; {@code period} is "month" or null. */
    record UptimeReport(Instant from, Instant to, String profile, String level, String period, List<UptimeRow> rows) {
    }

    private record Entity(String id, String name, String group, List<String> components, EffectiveTimeline timeline,
                          Instant retiredAt) {

        /** A retired component has no row for a period that began once it was gone. */
        boolean existedIn(Window period) {
            return retiredAt == null || retiredAt.isAfter(period.from());
        }
    }

    private final Timelines timelines;
    private final PageProperties page;
    private final Clock clock;

    UptimeReports(Timelines timelines, PageProperties page, Clock clock) {
        this.timelines = timelines;
        this.page = page;
        this.clock = clock;
    }

    /**
     * @param window must start before now; the part of it after now is left out, since time that has not
     *               happened yet was neither up nor down
     */
    UptimeReport uptime(Window window, AccountingProfile profile, Level level, boolean monthly) {
        Instant now = clock.instant();
        Window covered = new Window(window.from(), window.to().isAfter(now) ? now : window.to());
        List<ComponentTimeline> components = timelines.componentsExistingIn(covered, now, null);
        List<Months.Month> periods = monthly ? Months.of(covered) : List.of(new Months.Month(null, covered));
        List<UptimeRow> rows = new ArrayList<>();
        for (Entity entity : entities(components, level)) {
            for (Months.Month period : periods) {
                if (entity.existedIn(period.window())) {
                    rows.add(row(entity, level, period, profile));
                }
            }
        }
        return new UptimeReport(window.from(), window.to(), profile.toString(), level.toString(),
                monthly ? "month" : null, rows);
    }

    private List<Entity> entities(List<ComponentTimeline> components, Level level) {
        return switch (level) {
            case COMPONENT -> components.stream()
                    .map(c -> new Entity(c.component().id(), c.component().name(), c.component().group(),
                            List.of(c.component().id()), c.timeline(),
                            Timelines.retiredAt(c.component()).orElse(null)))
                    .toList();
            case GROUP -> Timelines.groups(components).stream()
                    .map(g -> new Entity(g.name(), g.name(), null, ids(g.members()), g.timeline(), null))
                    .toList();
            case PAGE -> List.of(new Entity(page.id(), page.name(), null, ids(components),
                    EffectiveTimeline.worstOf(components.stream().map(ComponentTimeline::timeline).toList()), null));
        };
    }

    private static UptimeRow row(Entity entity, Level level, Months.Month period, AccountingProfile profile) {
        Window window = period.window();
        LevelSeconds seconds = entity.timeline().secondsIn(window);
        return new UptimeRow(period.month() == null ? null : period.month().toString(), window.from(), window.to(),
                level.toString(), entity.id(), entity.name(), entity.group(), entity.components(),
                window.length().getSeconds(), seconds.asWireMap(), seconds.impactedSeconds(),
                AvailabilityQueries.percent(entity.timeline().uptime(window, profile)), entity.retiredAt() != null,
                entity.retiredAt());
    }

    private static List<String> ids(List<ComponentTimeline> components) {
        return components.stream().map(c -> c.component().id()).toList();
    }
}
