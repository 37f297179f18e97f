package io.incidentledger.query.report;

import io.incidentledger.query.downtime.Window;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Calendar months in UTC, the periods SLAs are written in. */
final class Months {

    /** A calendar month, or the part of it a window covers. */
    record Month(YearMonth month, Window window) {
    }

    private Months() {
    }

    /** The months {@code window} touches, in order, each clipped to the window; none for an empty window. */
    static List<Month> of(Window window) {
        List<Month> months = new ArrayList<>();
        for (YearMonth month = YearMonth.from(window.from().atOffset(ZoneOffset.UTC));
             start(month).isBefore(window.to()); month = month.plusMonths(1)) {
            Instant from = later(start(month), window.from());
            Instant to = earlier(start(month.plusMonths(1)), window.to());
            if (from.isBefore(to)) {
                months.add(new Month(month, new Window(from, to)));
            }
        }
        return months;
    }

    /** How many months {@link #of} would return, without building them. */
    static long count(Window window) {
        if (window.isEmpty()) {
            return 0;
        }
        YearMonth first = YearMonth.from(window.from().atOffset(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(window.to().minusNanos(1).atOffset(ZoneOffset.UTC));
        return first.until(last, ChronoUnit.MONTHS) + 1;
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
