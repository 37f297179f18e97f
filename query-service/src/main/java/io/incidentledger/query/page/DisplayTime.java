package io.incidentledger.query.page;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Instants as the page shows them: in the page's time zone, machine-readable beside the words. */
final class DisplayTime {

    /** A {@code <time datetime="iso">text</time>}. */
    record Stamp(String iso, String text) {
    }

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ZoneId zone;

    DisplayTime(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    Stamp stamp(Instant instant) {
        if (instant == null) {
            return null;
        }
        var local = instant.atZone(zone);
        return new Stamp(local.toOffsetDateTime().format(ISO), local.format(TEXT));
    }

    Stamp day(LocalDate date) {
        return new Stamp(date.toString(), date.format(DAY));
    }

    String dayText(LocalDate date) {
        return date.format(DAY);
    }

    LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }
}
