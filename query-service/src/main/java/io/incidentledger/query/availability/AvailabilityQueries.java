package io.incidentledger.query.availability;

import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.availability.Timelines.GroupTimeline;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.downtime.AccountingProfile;
import io.incidentledger.query.downtime.DailyUptime;
import io.incidentledger.query.downtime.EffectiveTimeline;
import io.incidentledger.query.downtime.LevelSeconds;
import io.incidentledger.query.downtime.Window;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Downtime and uptime over windows (SPEC §3 rules 4, 5, 7), and daily buckets for uptime bars. */
@Service
public class AvailabilityQueries {

    public record ComponentAvailability(String componentId, String name, String group, Map<String, Long> seconds,
                                        long impactedSeconds, double uptimePercent) {
    }

    public record GroupAvailability(String group, List<String> components, Map<String, Long> seconds,
                                    long impactedSeconds, double uptimePercent) {
    }

    public record Downtime(Instant from, Instant to, String profile, List<ComponentAvailability> components,
                           List<GroupAvailability> groups) {
    }

    public record DayUptime(LocalDate date, Instant from, Instant to, Map<String, Long> seconds, long impactedSeconds,
                            double uptimePercent) {
    }

    /** {@code version}: the component's aggregate version, as in {@link ComponentView#version()}. */
    public record UptimeHistory(String componentId, Long version, String name, String profile, String zone, int days,
                                double uptimePercent, List<DayUptime> buckets) {
    }

    private final Timelines timelines;
    private final ComponentDirectory directory;
    private final Clock clock;

    AvailabilityQueries(Timelines timelines, ComponentDirectory directory, Clock clock) {
        this.timelines = timelines;
        this.directory = directory;
        this.clock = clock;
    }

    public Downtime downtime(Window window, String group, AccountingProfile profile) {
        Instant now = clock.instant();
        List<ComponentTimeline> components = timelines.activeComponents(window, now, null).stream()
                .filter(c -> Timelines.inGroup(c, group)).toList();
        List<ComponentAvailability> perComponent = components.stream()
                .map(c -> {
                    LevelSeconds seconds = c.timeline().secondsIn(window);
                    return new ComponentAvailability(c.component().id(), c.component().name(), c.component().group(),
                            seconds.asWireMap(), seconds.impactedSeconds(),
                            percent(c.timeline().uptime(window, profile)));
                })
                .toList();
        List<GroupAvailability> groups = Timelines.groups(components).stream()
                .map(g -> groupAvailability(g, window, profile))
                .toList();
        return new Downtime(window.from(), window.to(), profile.toString(), perComponent, groups);
    }

    public Optional<UptimeHistory> uptime(String componentId, int days, ZoneId zone, AccountingProfile profile) {
        Instant now = clock.instant();
        Window span = new Window(LocalDate.ofInstant(now, zone).minusDays(days - 1L).atStartOfDay(zone).toInstant(), now);
        return directory.find(componentId).map(component -> {
            EffectiveTimeline timeline = timelines.components(List.of(component), span, now, null).get(0).timeline();
            List<DayUptime> buckets = DailyUptime.buckets(timeline, days, zone, now, profile).stream()
                    .map(b -> new DayUptime(b.date(), b.window().from(), b.window().to(), b.seconds().asWireMap(),
                            b.seconds().impactedSeconds(), percent(b.uptime())))
                    .toList();
            return new UptimeHistory(component.id(), component.version(), component.name(), profile.toString(), zone.getId(), days,
                    percent(timeline.uptime(span, profile)), buckets);
        });
    }

    /** A group's seconds come from its worst-of timeline; its uptime is the mean of its members' (rule 7). */
    private static GroupAvailability groupAvailability(GroupTimeline group, Window window, AccountingProfile profile) {
        LevelSeconds seconds = group.timeline().secondsIn(window);
        double meanUptime = group.members().stream()
                .mapToDouble(m -> m.timeline().uptime(window, profile)).average().orElse(1.0);
        return new GroupAvailability(group.name(), group.members().stream().map(m -> m.component().id()).toList(),
                seconds.asWireMap(), seconds.impactedSeconds(), percent(meanUptime));
    }

    /** Uptime as a percentage with four decimals: 99.9861 %, precise to under ten seconds a day. */
    public static double percent(double uptime) {
        return Math.round(uptime * 1_000_000d) / 10_000d;
    }
}
