package io.incidentledger.command.maintenance;

import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.MaintenanceOccurrence;
import io.incidentledger.events.maintenance.MaintenanceOccurrencesPlanned;
import io.incidentledger.events.maintenance.MaintenanceSeriesPlanned;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.Matchers.containsString;

class MaintenanceSeriesTest {

    private static final Instant NOW = Instant.parse("2026-10-14T12:00:00Z");
    /** Sunday 18 October 2026, 03:00 in Berlin. */
    private static final Instant FIRST = Instant.parse("2026-10-18T01:00:00Z");
    private static final List<ComponentDeclaration> DB = List.of(ComponentDeclaration.of("db", ComponentStatus.UNDER_MAINTENANCE));

    private FixtureConfiguration<MaintenanceSeries> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MaintenanceSeries.class);
        fixture.registerInjectableResource(new EffectiveTimePolicy(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5)));
        fixture.registerInjectableResource((ComponentCatalog) id -> id.equals("db") ? Optional.of(Standing.ACTIVE) : Optional.empty());
        fixture.registerInjectableResource(new SeriesHorizon(Duration.ofDays(14)));
    }

    private static PlanMaintenanceSeries plan(String rrule, String zone) {
        return new PlanMaintenanceSeries("weekly", "Weekly patching", "Patching.", null, DB, rrule, zone, FIRST,
                FIRST.plus(Duration.ofHours(2)), true, true);
    }

    @Test
    void plansTheOccurrencesWithinTheHorizonWithIdsFromTheirStartsAcrossTheDaylightSavingChange() {
        Instant second = Instant.parse("2026-10-25T02:00:00Z"); // 03:00 CET: an hour later in UTC
        fixture.givenNoPriorActivity()
                .when(plan("FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin"))
                .expectEvents(new MaintenanceSeriesPlanned("weekly", "Weekly patching", "Patching.", DB,
                                "FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin", FIRST, 7200, true, true),
                        new MaintenanceOccurrencesPlanned("weekly", List.of(
                                new MaintenanceOccurrence("weekly-20261018T0100Z", FIRST, FIRST.plusSeconds(7200)),
                                new MaintenanceOccurrence("weekly-20261025T0200Z", second, second.plusSeconds(7200))),
                                NOW.plus(Duration.ofDays(14))))
                .expectScheduledDeadline(NOW.plus(MaintenanceSeries.EXTEND_EVERY),
                        new MaintenanceDue(NOW.plus(MaintenanceSeries.EXTEND_EVERY)));
    }

    @Test
    void theDailyDeadlinePlansWhatEnteredTheHorizon() {
        // A day later the horizon reaches 29 October: still nothing new; a week later, 1 November's window.
        fixture.givenCurrentTime(NOW).andGivenCommands(plan("FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin"))
                .whenTimeElapses(Duration.ofDays(1).plusSeconds(1))
                .expectNoEvents()
                .expectScheduledDeadlineWithName(NOW.plus(Duration.ofDays(2)), MaintenanceSeries.HORIZON_DEADLINE);
    }

    @Test
    void aWeekLaterTheNextWindowIsPlanned() {
        Instant third = Instant.parse("2026-11-01T02:00:00Z");
        fixture.givenCurrentTime(NOW).andGivenCommands(plan("FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin"))
                .whenTimeAdvancesTo(NOW.plus(Duration.ofDays(4)).plusSeconds(1))
                .expectEvents(new MaintenanceOccurrencesPlanned("weekly", List.of(
                        new MaintenanceOccurrence("weekly-20261101T0200Z", third, third.plusSeconds(7200))),
                        NOW.plus(Duration.ofDays(18))));
    }

    @Test
    void anInvalidRuleOrZoneIsRefusedWithNothingRecorded() {
        fixture.givenNoPriorActivity()
                .when(plan("FREQ=FORTNIGHTLY", "Europe/Berlin"))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("not an RFC 5545 recurrence rule"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(plan("FREQ=WEEKLY", "Europe/Nowhere"))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    /** Found by fuzzing: a start in the year 10000 made the occurrence id "weekly-+100000101T0000Z", not an id. */
    @Test
    void aWindowBeyondTheYear9999IsRefusedWithNothingRecorded() {
        Instant farFirst = Instant.parse("+10000-01-01T00:00:00Z");
        fixture.givenNoPriorActivity()
                .when(new PlanMaintenanceSeries("weekly", "Weekly patching", "Patching.", null, DB, "FREQ=YEARLY",
                        "UTC", farFirst, farFirst.plus(Duration.ofHours(2)), true, true))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(containsString("outside the years 0001 to 9999"))
                .expectNoEvents();
    }
}
