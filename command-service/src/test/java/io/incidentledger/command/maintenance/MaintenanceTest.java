package io.incidentledger.command.maintenance;

import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.command.dispatch.StaleVersionsFirst;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/** The maintenance aggregate's rules, given/when/then, each refusal with its problem type. */
class MaintenanceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant FOR = NOW.plus(Duration.ofDays(2));
    private static final Instant UNTIL = FOR.plus(Duration.ofHours(2));
    private static final List<ComponentDeclaration> DB = List.of(ComponentDeclaration.of("db", ComponentStatus.UNDER_MAINTENANCE));

    private FixtureConfiguration<Maintenance> fixture;

    /** db and api are active, legacy is retired. */
    private final ComponentCatalog catalog = id -> Optional.ofNullable(
            Map.of("db", Standing.ACTIVE, "api", Standing.ACTIVE, "legacy", Standing.RETIRED).get(id));

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Maintenance.class);
        fixture.registerHandlerEnhancerDefinition(new StaleVersionsFirst());
        fixture.registerInjectableResource(new EffectiveTimePolicy(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5)));
        fixture.registerInjectableResource(catalog);
    }

    private static ScheduleMaintenance schedule(Instant at, Instant scheduledFor, Instant scheduledUntil,
                                                List<ComponentDeclaration> components) {
        return new ScheduleMaintenance("m-1", "Database upgrade", "u1", "We will upgrade the database.", at,
                components, scheduledFor, scheduledUntil, true, true, null);
    }

    private static MaintenanceScheduled scheduled() {
        return new MaintenanceScheduled("m-1", "Database upgrade", "u1", "We will upgrade the database.", NOW, DB,
                FOR, UNTIL, true, true, null);
    }

    private static MaintenanceStarted started(Instant at) {
        return new MaintenanceStarted("m-1", "u2", null, at, false);
    }

    private static org.hamcrest.Matcher<Object> refused(CommandRejectedException.Reason reason) {
        return new CustomTypeSafeMatcher<>("a refusal as " + reason) {
            @Override
            protected boolean matchesSafely(Object failure) {
                return failure instanceof CommandRejectedException rejected && rejected.reason() == reason;
            }
        };
    }

    /** Scheduled through the command, so that the fixture's deadline manager holds its deadlines. */
    private TestExecutor<Maintenance> givenScheduled(Object... events) {
        return fixture.givenCommands(schedule(null, FOR, UNTIL, DB)).andGiven(events);
    }

    @Nested
    class Scheduling {

        @Test
        void aWindowIsAnnouncedNowWithItsTwoDeadlines() {
            fixture.givenNoPriorActivity()
                    .when(schedule(null, FOR, UNTIL, DB))
                    .expectEvents(scheduled())
                    .expectScheduledDeadline(FOR, new MaintenanceDue(FOR))
                    .expectScheduledDeadline(UNTIL, new MaintenanceDue(UNTIL));
        }

        @Test
        void withoutAutoStartAndAutoCompleteNoDeadlineIsSet() {
            fixture.givenNoPriorActivity()
                    .when(new ScheduleMaintenance("m-1", "Database upgrade", "u1", "m", null, DB, FOR, UNTIL, false,
                            false, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void theWindowMustEndAfterItBegins() {
            fixture.givenNoPriorActivity()
                    .when(schedule(null, UNTIL, FOR, DB))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("must be later than 'scheduledFor'"));
        }

        /** Found by fuzzing: a window in the year 999999999 was recorded, for every reader of the events to store. */
        @Test
        void aWindowLiesWithinTheYears0001To9999() {
            fixture.givenNoPriorActivity()
                    .when(schedule(null, FOR, Instant.parse("+999999999-12-31T23:59:59Z"), DB))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("'scheduledUntil'"))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(schedule(Instant.MIN, Instant.parse("-0001-12-31T00:00:00Z"), UNTIL, DB))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("outside the years 0001 to 9999"))
                    .expectNoEvents();
        }

        @Test
        void aWindowMayNotBeginBeforeItIsAnnounced() {
            fixture.givenNoPriorActivity()
                    .when(schedule(null, NOW.minusSeconds(60), UNTIL, DB))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("backdated 'at'"));
        }

        @Test
        void aWindowAnnouncedLateIsRecordedWithABackdatedAt() {
            Instant announced = NOW.minus(Duration.ofDays(10));
            Instant start = announced.plus(Duration.ofDays(1));
            fixture.givenNoPriorActivity()
                    .when(schedule(announced, start, start.plus(Duration.ofHours(1)), DB))
                    .expectEvents(new MaintenanceScheduled("m-1", "Database upgrade", "u1",
                            "We will upgrade the database.", announced, DB, start, start.plus(Duration.ofHours(1)),
                            true, true, null));
        }

        @Test
        void theAnnouncementMayNotLieInTheFuture() {
            fixture.givenNoPriorActivity()
                    .when(schedule(NOW.plus(Duration.ofHours(1)), FOR, UNTIL, DB))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
        }

        @Test
        void unknownAndRetiredComponentsAreRefused() {
            fixture.givenNoPriorActivity()
                    .when(schedule(null, FOR, UNTIL, List.of(ComponentDeclaration.of("nope", ComponentStatus.UNDER_MAINTENANCE))))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED))
                    .expectExceptionMessage("unknown component 'nope'");
            fixture.givenNoPriorActivity()
                    .when(schedule(null, FOR, UNTIL, List.of(ComponentDeclaration.of("legacy", ComponentStatus.UNDER_MAINTENANCE))))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED))
                    .expectExceptionMessage("component 'legacy' is retired");
        }

        @Test
        void aComponentIsTakenToAStatusWorseThanOperational() {
            fixture.givenNoPriorActivity()
                    .when(schedule(null, FOR, UNTIL, List.of(ComponentDeclaration.of("db", ComponentStatus.OPERATIONAL))))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
            fixture.givenNoPriorActivity()
                    .when(schedule(null, FOR, UNTIL, List.of(ComponentDeclaration.of("db", ComponentStatus.MAJOR_OUTAGE))))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class Rescheduling {

        @Test
        void aNewWindowReplacesTheDeadlines() {
            Instant later = FOR.plus(Duration.ofDays(1));
            givenScheduled()
                    .when(new RescheduleMaintenance("m-1", null, null, later, later.plus(Duration.ofHours(3)), null))
                    .expectEvents(new MaintenanceRescheduled("m-1", "Database upgrade", DB, later,
                            later.plus(Duration.ofHours(3)), NOW))
                    .expectScheduledDeadline(later, new MaintenanceDue(later))
                    .expectNoScheduledDeadline(FOR, new MaintenanceDue(FOR))
                    .expectNoScheduledDeadline(UNTIL, new MaintenanceDue(UNTIL));
        }

        @Test
        void theNewPlanObeysTheRulesOfANewOne() {
            fixture.given(scheduled())
                    .when(new RescheduleMaintenance("m-1", null, null, NOW.minusSeconds(1), null, null))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
            fixture.given(scheduled())
                    .when(new RescheduleMaintenance("m-1", null, null, null, FOR, null))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
        }

        @Test
        void changingNothingRecordsNothing() {
            fixture.given(scheduled())
                    .when(new RescheduleMaintenance("m-1", "Database upgrade", DB, FOR, UNTIL, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void onlyWhileScheduled() {
            fixture.given(scheduled(), started(FOR))
                    .when(new RescheduleMaintenance("m-1", "New title", null, null, null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT));
        }

        @Test
        void aStaleVersionIsRefusedBeforeAnyRule() {
            fixture.given(scheduled(), started(FOR))
                    .when(new RescheduleMaintenance("m-1", "New title", null, null, null, 0L))
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class StartingAndUpdating {

        @Test
        void aCommanderMayStartEarlyButNotBeforeTheAnnouncement() {
            givenScheduled()
                    .when(new StartMaintenance("m-1", "u2", null, null, null))
                    .expectEvents(started(NOW))
                    .expectNoScheduledDeadline(FOR, new MaintenanceDue(FOR))
                    .expectScheduledDeadline(UNTIL, new MaintenanceDue(UNTIL));
            givenScheduled()
                    .when(new StartMaintenance("m-1", "u2", null, NOW.minusSeconds(1), null))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
        }

        @Test
        void startsOnlyOnce() {
            fixture.given(scheduled(), started(NOW))
                    .when(new StartMaintenance("m-1", "u3", null, null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT));
        }

        @Test
        void updatesOnlyWhileRunningAndOnlyInProgressOrVerifying() {
            fixture.given(scheduled())
                    .when(new PostMaintenanceUpdate("m-1", "u3", MaintenanceStatus.VERIFYING, "Checking", null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT));
            fixture.given(scheduled(), started(NOW))
                    .when(new PostMaintenanceUpdate("m-1", "u3", MaintenanceStatus.COMPLETED, "Done", null, null))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
            fixture.given(scheduled(), started(NOW))
                    .when(new PostMaintenanceUpdate("m-1", "u3", MaintenanceStatus.VERIFYING, "Checking", null, null))
                    .expectEvents(new MaintenanceUpdatePosted("m-1", "u3", MaintenanceStatus.VERIFYING, "Checking", NOW));
        }

        @Test
        void timeNeverGoesBackwards() {
            fixture.given(scheduled(), started(NOW))
                    .when(new PostMaintenanceUpdate("m-1", "u3", MaintenanceStatus.IN_PROGRESS, "Going", NOW.minusSeconds(1), null))
                    .expectException(refused(CommandRejectedException.Reason.RULE_VIOLATED));
        }
    }

    @Nested
    class CompletingAndCancelling {

        @Test
        void completesOnlyAfterTheStartAndOnlyOnce() {
            givenScheduled()
                    .when(new CompleteMaintenance("m-1", "u3", null, null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("start it first"));
            givenScheduled(started(NOW))
                    .when(new CompleteMaintenance("m-1", "u3", "Done", null, null))
                    .expectEvents(new MaintenanceCompleted("m-1", "u3", "Done", NOW, false))
                    .expectNoScheduledDeadline(UNTIL, new MaintenanceDue(UNTIL));
            givenScheduled(started(NOW), new MaintenanceCompleted("m-1", "u3", "Done", NOW, false))
                    .when(new CompleteMaintenance("m-1", "u4", null, null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT));
        }

        @Test
        void cancelsOnlyWhileScheduledAndTakesTheDeadlinesAway() {
            givenScheduled()
                    .when(new CancelMaintenance("m-1", "u3", "Postponed", null))
                    .expectEvents(new MaintenanceCancelled("m-1", "u3", "Postponed", NOW))
                    .expectNoScheduledDeadlines();
            givenScheduled(started(NOW))
                    .when(new CancelMaintenance("m-1", "u3", null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT));
        }

        @Test
        void nothingHappensToACancelledOne() {
            fixture.given(scheduled(), new MaintenanceCancelled("m-1", "u3", null, NOW))
                    .when(new StartMaintenance("m-1", "u4", null, null, null))
                    .expectException(refused(CommandRejectedException.Reason.CONFLICT));
        }
    }

    @Nested
    class Deadlines {

        @Test
        void startAndCompleteThemselvesAtThePlannedInstants() {
            givenScheduled()
                    .whenTimeAdvancesTo(UNTIL.plusSeconds(1))
                    .expectEvents(new MaintenanceStarted("m-1", autoId("start", FOR), null, FOR, true),
                            new MaintenanceCompleted("m-1", autoId("complete", UNTIL), null, UNTIL, true));
        }

        @Test
        void aCompletionFiringBeforeTheStartStartsTheWindowFirst() {
            // Both were missed while every instance was down; the completion happened to be handled first.
            fixture.given(scheduled())
                    .whenInvoking("m-1", maintenance -> maintenance.completeOnTime(new MaintenanceDue(UNTIL)))
                    .expectEvents(new MaintenanceStarted("m-1", autoId("start", FOR), null, FOR, true),
                            new MaintenanceCompleted("m-1", autoId("complete", UNTIL), null, UNTIL, true));
        }

        @Test
        void withoutAutoStartACompletionDeadlineLeavesAnUnstartedWindowAlone() {
            fixture.given(new MaintenanceScheduled("m-1", "Database upgrade", "u1", "m", NOW, DB, FOR, UNTIL, false,
                            true, null))
                    .whenInvoking("m-1", maintenance -> maintenance.completeOnTime(new MaintenanceDue(UNTIL)))
                    .expectNoEvents();
        }

        @Test
        void aDeadlineNoLongerDueDoesNothing() {
            // Started by hand: the start deadline is gone; a stale copy of it would find nothing to do.
            givenScheduled(started(NOW), new MaintenanceCompleted("m-1", "u3", null, NOW, false))
                    .whenTimeAdvancesTo(UNTIL.plusSeconds(1))
                    .expectNoEvents();
        }

        @Test
        void aRescheduledWindowStartsAtItsNewStartOnly() {
            Instant later = FOR.plus(Duration.ofDays(1));
            givenScheduled()
                    .andGivenCommands(new RescheduleMaintenance("m-1", null, null, later, later.plus(Duration.ofHours(1)), null))
                    .whenTimeAdvancesTo(UNTIL.plusSeconds(1))
                    .expectNoEvents();
        }

        private String autoId(String transition, Instant planned) {
            return java.util.UUID.nameUUIDFromBytes(("m-1/" + transition + "/" + planned)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
    }
}
