package io.incidentledger.command.maintenance;

import io.incidentledger.command.dispatch.CommandRejectedException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecurrenceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWeeklyWindowKeepsItsLocalTimeAcrossTheEndOfSummerTime() {
        // Sunday 18 October 2026, 03:00 in Berlin is 01:00 UTC (CEST); from 25 October (CET) it is 02:00 UTC.
        Instant first = Instant.parse("2026-10-18T01:00:00Z");
        Recurrence weekly = new Recurrence("FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin", first);

        List<Instant> starts = weekly.startsBetween(first.minusNanos(1), Instant.parse("2026-11-02T00:00:00Z"));

        assertThat(starts).containsExactly(first, Instant.parse("2026-10-25T02:00:00Z"),
                Instant.parse("2026-11-01T02:00:00Z"));
        assertThat(starts).allSatisfy(start -> assertThat(start.atZone(BERLIN).getHour()).isEqualTo(3));
    }

    @Test
    void andAcrossTheStartOfSummerTime() {
        // Sunday 22 March 2026, 03:00 CET is 02:00 UTC; Sunday 29 March, 03:00 CEST is 01:00 UTC.
        Instant first = Instant.parse("2026-03-22T02:00:00Z");
        List<Instant> starts = new Recurrence("FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin", first)
                .startsBetween(first.minusNanos(1), Instant.parse("2026-03-30T00:00:00Z"));

        assertThat(starts).containsExactly(first, Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void onlyTheStartsAfterTheLastPlannedOneAreNew() {
        Instant first = Instant.parse("2026-10-18T01:00:00Z");
        Recurrence weekly = new Recurrence("FREQ=WEEKLY;COUNT=3", "Europe/Berlin", first);

        assertThat(weekly.startsBetween(first, Instant.parse("2026-12-31T00:00:00Z")))
                .containsExactly(Instant.parse("2026-10-25T02:00:00Z"), Instant.parse("2026-11-01T02:00:00Z"));
        assertThat(weekly.continuesAfter(Instant.parse("2026-10-26T00:00:00Z"))).isTrue();
        assertThat(weekly.continuesAfter(Instant.parse("2026-11-01T02:00:00Z"))).isFalse();
    }

    @Test
    void aMalformedRuleOrAnUnknownZoneIsRefusedNamingTheField() {
        Instant first = Instant.parse("2026-10-18T01:00:00Z");
        assertThatThrownBy(() -> new Recurrence("FREQ=SOMETIMES", "Europe/Berlin", first))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CommandRejectedException.Reason.RULE_VIOLATED);
                    assertThat(e.field()).isEqualTo("recurrence.rrule");
                });
        assertThatThrownBy(() -> new Recurrence("FREQ=WEEKLY", "Europe/Atlantis", first))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.field()).isEqualTo("recurrence.timeZone"));
        assertThatThrownBy(() -> new Recurrence("FREQ=WEEKLY", "+02:00", first))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.field()).isEqualTo("recurrence.timeZone"));
    }

    @Test
    void aRuleTooFrequentForAMaintenancePlanIsRefused() {
        Instant first = Instant.parse("2026-10-18T01:00:00Z");
        Recurrence minutely = new Recurrence("FREQ=MINUTELY", "Europe/Berlin", first);
        assertThatThrownBy(() -> minutely.startsBetween(first.minusNanos(1), first.plusSeconds(86_400)))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("more than");
    }

    /** Found by fuzzing: lib-recur parses "UNTIL=20000100T000000Z" (day 00), then fails expanding it: a 500. */
    @Test
    void anUntilThatIsNoDateIsRefusedAsAMalformedRule() {
        Instant first = Instant.parse("2030-06-01T02:00:00Z");
        for (String until : List.of("20000100T000000Z", "20300230T000000Z", "20301300", "20300600T000000")) {
            assertThatThrownBy(() -> new Recurrence("FREQ=WEEKLY;UNTIL=" + until, "America/New_York", first))
                    .as(until)
                    .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                        assertThat(e.field()).isEqualTo("recurrence.rrule");
                        assertThat(e.getMessage()).contains("not an RFC 5545 recurrence rule");
                    });
        }
        assertThat(new Recurrence("FREQ=WEEKLY;UNTIL=20300616T000000Z", "America/New_York", first)
                .startsBetween(first.minusNanos(1), first.plusSeconds(86_400 * 30)))
                .containsExactly(first, first.plusSeconds(86_400 * 7), first.plusSeconds(86_400 * 14));
    }
}
