package io.incidentledger.query.page;

import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.availability.Timelines.GroupTimeline;
import io.incidentledger.query.downtime.AccountingProfile;
import io.incidentledger.query.downtime.DailyUptime;
import io.incidentledger.query.downtime.DailyUptime.DayBucket;
import io.incidentledger.query.downtime.Durations;
import io.incidentledger.query.downtime.EffectiveTimeline;
import io.incidentledger.query.downtime.LevelSeconds;
import io.incidentledger.query.downtime.Segment;
import io.incidentledger.query.page.PageViews.UptimeBar;
import io.incidentledger.query.page.PageViews.UptimeDay;

import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The 90-day bars under each component and group, from the daily buckets of their effective timelines,
 * always under the statuspage profile: the bars are Statuspage's, so their colours follow its formula.
 */
final class UptimeBars {

    static final int DAYS = 90;
    private static final AccountingProfile PROFILE = AccountingProfile.STATUSPAGE;

    private final DisplayTime time;
    private final Instant now;

    UptimeBars(DisplayTime time, Instant now) {
        this.time = time;
        this.now = now;
    }

    UptimeBar component(ComponentTimeline component) {
        LocalDate firstDay = firstKnownDay(component);
        List<UptimeDay> days = new ArrayList<>(DAYS);
        double uptimeSum = 0;
        int known = 0;
        for (DayBucket bucket : buckets(component.timeline())) {
            boolean existed = !bucket.date().isBefore(firstDay);
            days.add(day(bucket, existed, component.timeline(), "component", component.component().id()));
            if (existed) {
                uptimeSum += bucket.uptime();
                known++;
            }
        }
        return new UptimeBar(component.component().name(), summary(uptimeSum, known), days);
    }

    /**
     * A group's day is the mean of its members' uptimes (as Statuspage computes a group) and grey only while
     * none of its members existed; the seconds shown are those of its worst-of timeline.
     */
    UptimeBar group(GroupTimeline group) {
        LocalDate firstDay = group.members().stream().map(this::firstKnownDay).min(LocalDate::compareTo)
                .orElse(time.date(now));
        List<UptimeDay> days = new ArrayList<>(DAYS);
        double uptimeSum = 0;
        int known = 0;
        for (DayBucket bucket : buckets(group.timeline())) {
            boolean existed = !bucket.date().isBefore(firstDay);
            days.add(day(bucket, existed, group.timeline(), "group", group.name()));
            if (existed) {
                uptimeSum += bucket.uptime();
                known++;
            }
        }
        return new UptimeBar(group.name(), summary(uptimeSum, known), days);
    }

    private List<DayBucket> buckets(EffectiveTimeline timeline) {
        return DailyUptime.buckets(timeline, DAYS, time.zone(), now, PROFILE);
    }

    /**
     * A component's history begins when it was registered, or earlier if an incident (opened late, with a
     * backdated start) says it was already in trouble before: that day has data, so it is not grey.
     */
    private LocalDate firstKnownDay(ComponentTimeline component) {
        Instant first = component.component().createdAt() != null ? component.component().createdAt() : now;
        List<Segment> segments = component.timeline().segments();
        if (!segments.isEmpty() && segments.get(0).from().isBefore(first)) {
            first = segments.get(0).from();
        }
        return time.date(first);
    }

    private UptimeDay day(DayBucket bucket, boolean existed, EffectiveTimeline timeline, String kind, String key) {
        LevelSeconds seconds = bucket.seconds();
        String date = bucket.date().toString();
        String dayText = time.dayText(bucket.date());
        if (!existed) {
            return new UptimeDay(date, UptimeColor.GREY.wireName(), dayText + ": no data", null);
        }
        long weightedDowntime = Math.round((1.0 - bucket.uptime()) * bucket.window().length().toMillis() / 1000.0);
        String tooltip = dayText + ": " + percent(bucket.uptime()) + " uptime, " + downtimeWords(seconds);
        // Whether maintenance ran that day, not how many whole seconds it has run: a window started a moment ago is
        // already under way in the banner, and today's bar must say so too.
        boolean maintenance = timeline.hasMaintenanceIn(bucket.window());
        return new UptimeDay(date, UptimeColor.of(weightedDowntime, maintenance).wireName(), tooltip,
                dayHref(bucket.date(), kind, key));
    }

    /** The day page of one component's or one group's day: {@code /days/2026-11-24?component=api}. */
    static String dayHref(LocalDate date, String kind, String key) {
        return UriComponentsBuilder.fromPath("/days/" + date).queryParam(kind, "{key}").encode()
                .buildAndExpand(key).toUriString();
    }

    /** "major outage 40m, partial outage 10m", or "no downtime": every level that happened, worst first. */
    static String downtimeWords(LevelSeconds seconds) {
        List<String> parts = new ArrayList<>();
        seconds.asWireMap().forEach((level, secs) -> {
            if (secs > 0) {
                parts.add(level.replace('_', ' ') + " " + Durations.written(secs));
            }
        });
        return parts.isEmpty() ? "no downtime" : String.join(", ", parts);
    }

    private static String summary(double uptimeSum, int days) {
        return percent(days == 0 ? 1.0 : uptimeSum / days) + " uptime";
    }

    /** Rounded down, so a day with any downtime never reads "100%". */
    static String percent(double uptime) {
        double hundredths = Math.floor(uptime * 10_000) / 100;
        return (hundredths == Math.rint(hundredths) ? String.valueOf((long) hundredths)
                : String.format(java.util.Locale.ROOT, "%.2f", hundredths)) + "%";
    }
}
