package io.incidentledger.command.maintenance;

import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import static io.incidentledger.command.dispatch.CommandRejectedException.ruleViolated;

/**
 * An RFC 5545 recurrence rule read in an IANA time zone, expanded by lib-recur (no hand-written RRULE parser): the
 * first window's start ({@code DTSTART}) is taken as a local time in the zone, so "every Sunday at 03:00" stays at
 * 03:00 on the wall clock across a daylight-saving change while its UTC instant moves by an hour.
 */
record Recurrence(String rrule, String timeZone, Instant firstStart) {

    /** More windows than this within one horizon is a mistake (FREQ=MINUTELY), not a maintenance plan. */
    static final int MAX_OCCURRENCES_PER_HORIZON = 100;

    Recurrence {
        if (rrule == null || rrule.isBlank()) {
            throw ruleViolated("recurrence.rrule", "'recurrence.rrule' is required");
        }
        if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw ruleViolated("recurrence.timeZone", "'" + timeZone + "' is not an IANA time zone (e.g. Europe/Berlin)");
        }
        rule(rrule); // refuses a malformed rule now, not at the first expansion
    }

    /** The starts in {@code (after, until]} (the first start itself is always an occurrence), oldest first. */
    List<Instant> startsBetween(Instant after, Instant until) {
        RecurrenceRuleIterator iterator = rule(rrule).iterator(dtStart());
        List<Instant> starts = new ArrayList<>();
        while (iterator.hasNext()) {
            Instant start = Instant.ofEpochMilli(iterator.nextMillis());
            if (start.isAfter(until)) {
                break;
            }
            if (start.isAfter(after) && (start.equals(firstStart) || start.isAfter(firstStart))) {
                starts.add(start);
                if (starts.size() > MAX_OCCURRENCES_PER_HORIZON) {
                    throw ruleViolated("recurrence.rrule", "'" + rrule + "' makes more than "
                            + MAX_OCCURRENCES_PER_HORIZON + " windows within the planning horizon");
                }
            }
        }
        if (!firstStart.isAfter(until) && firstStart.isAfter(after) && !starts.contains(firstStart)) {
            starts.add(0, firstStart); // RFC 5545: DTSTART is the first instance, even where the rule would skip it
        }
        return starts;
    }

    /** Whether the rule yields any start after {@code after} (false once a COUNT or UNTIL rule is used up). */
    boolean continuesAfter(Instant after) {
        RecurrenceRuleIterator iterator = rule(rrule).iterator(dtStart());
        while (iterator.hasNext()) {
            if (Instant.ofEpochMilli(iterator.nextMillis()).isAfter(after)) {
                return true;
            }
        }
        return false;
    }

    private DateTime dtStart() {
        ZoneId zone = ZoneId.of(timeZone);
        LocalDateTime local = LocalDateTime.ofInstant(firstStart, zone);
        // lib-recur counts months from 0.
        return new DateTime(TimeZone.getTimeZone(zone), local.getYear(), local.getMonthValue() - 1,
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond());
    }

    private static RecurrenceRule rule(String rrule) {
        try {
            RecurrenceRule rule = new RecurrenceRule(rrule.strip(), RecurrenceRule.RfcMode.RFC5545_STRICT);
            DateTime until = rule.getUntil();
            if (until != null) {
                // lib-recur parses an UNTIL that is no date-time (day 00, month 13, 30 February) and fails only
                // expanding it, with whatever exception its arithmetic meets: java.time judges it here.
                LocalDate.of(until.getYear(), until.getMonth() + 1, until.getDayOfMonth());
                if (!until.isAllDay()) {
                    LocalTime.of(until.getHours(), until.getMinutes(), until.getSeconds());
                }
            }
            return rule;
        } catch (InvalidRecurrenceRuleException | IllegalArgumentException | DateTimeException e) {
            throw ruleViolated("recurrence.rrule", "'" + rrule + "' is not an RFC 5545 recurrence rule: "
                    + e.getMessage());
        }
    }
}
