package io.incidentledger.query.downtime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The "last N days" bar chart: one bucket per calendar day in the viewer's zone. */
public final class DailyUptime {

    /** One calendar day: what happened in it and how up it was. Today's window ends at {@code now}. */
    public record DayBucket(LocalDate date, Window window, LevelSeconds seconds, double uptime) {
    }

    private DailyUptime() {
    }

    /**
     * The last {@code days} days, oldest first, today included and ending at {@code now}, so no bucket
     * ever reports on time that has not happened yet.
     */
    public static List<DayBucket> buckets(EffectiveTimeline timeline, int days, ZoneId zone, Instant now,
                                          AccountingProfile profile) {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(profile, "profile");
        if (days < 0) {
            throw new IllegalArgumentException("Cannot show " + days + " days");
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<DayBucket> buckets = new ArrayList<>(days);
        for (LocalDate date = today.minusDays(days - 1L); !date.isAfter(today); date = date.plusDays(1)) {
            // Midnight to midnight in the zone, not 86,400 seconds: a DST day is 23 or 25 hours long, and
            // atStartOfDay knows the zones whose midnight does not exist on the day the clocks jump.
            Instant start = date.atStartOfDay(zone).toInstant();
            Instant nextStart = date.plusDays(1).atStartOfDay(zone).toInstant();
            Window day = new Window(start, nextStart.isAfter(now) ? now : nextStart);
            buckets.add(new DayBucket(date, day, timeline.secondsIn(day), timeline.uptime(day, profile)));
        }
        return List.copyOf(buckets);
    }
}
