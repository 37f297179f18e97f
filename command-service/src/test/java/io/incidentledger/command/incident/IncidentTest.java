package io.incidentledger.command.incident;

import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.command.dispatch.StaleVersionsFirst;

import io.incidentledger.command.dispatch.CommandRejectedException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
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

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;

class IncidentTest {

    private static final Instant NOW = Instant.parse("2012-07-01T12:00:00Z");
    private static final Instant START = Instant.parse("2012-06-30T03:04:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);

    private FixtureConfiguration<Incident> fixture;

    /** Components the catalog knows: bamboo and cedar are active, aspen is retired. */
    private final ComponentCatalog catalog = id -> Optional.ofNullable(
            Map.of("bamboo", Standing.ACTIVE, "cedar", Standing.ACTIVE, "aspen", Standing.RETIRED).get(id));

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Incident.class);
        fixture.registerHandlerEnhancerDefinition(new StaleVersionsFirst()); // as DispatchConfiguration does
        fixture.registerInjectableResource(new EffectiveTimePolicy(Clock.fixed(NOW, ZoneOffset.UTC), SKEW));
        fixture.registerInjectableResource(catalog);
    }

    private static IncidentOpened opened() {
        return new IncidentOpened("inc-1", "Widespread outage", Impact.CRITICAL, IncidentStatus.INVESTIGATING,
                "u1", "Investigating", START, List.of(new ComponentDeclaration("bamboo", MAJOR_OUTAGE, null)));
    }

    private static IncidentResolved resolved(Instant at) {
        return new IncidentResolved("inc-1", "u9", "Resolved", at);
    }

    @Nested
    class Opening {

        @Test
        void aBackdatedOpeningKeepsItsEffectiveStart() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Widespread outage", Impact.CRITICAL, null, "u1", "Investigating",
                            START, List.of(new ComponentDeclaration("bamboo", MAJOR_OUTAGE, null))))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened());
        }

        @Test
        void withoutAnAtTheIncidentStartsNow() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, IncidentStatus.IDENTIFIED, "u1", "Seen",
                            null, List.of()))
                    .expectEvents(new IncidentOpened("inc-1", "Blip", Impact.MINOR, IncidentStatus.IDENTIFIED, "u1",
                            "Seen", NOW, List.of()));
        }

        @Test
        void anAtWithinTheSkewIsAccepted() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, null, "u1", "Seen", NOW.plus(SKEW), List.of()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anAtBeyondTheFutureSkewIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, null, "u1", "Seen",
                            NOW.plus(SKEW).plusSeconds(1), List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("in the future"));
        }

        @Test
        void anUnknownComponentIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, null, "u1", "Seen", null,
                            List.of(ComponentDeclaration.of("nope", MAJOR_OUTAGE))))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage("unknown component 'nope'");
        }

        @Test
        void aRetiredComponentCannotBeDeclared() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, null, "u1", "Seen", null,
                            List.of(ComponentDeclaration.of("aspen", MAJOR_OUTAGE))))
                    .expectNoEvents()
                    .expectExceptionMessage("component 'aspen' is retired");
        }

        @Test
        void anAffectedFractionOutsideZeroToOneIsRejected() {
            for (double fraction : new double[]{0.0, -0.1, 1.0001, Double.NaN}) {
                fixture.givenNoPriorActivity()
                        .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, null, "u1", "Seen", null,
                                List.of(new ComponentDeclaration("cedar", PARTIAL_OUTAGE, fraction))))
                        .expectNoEvents()
                        .expectException(CommandRejectedException.class);
            }
        }

        @Test
        void anAffectedFractionOfOneIsTheWhole() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, null, "u1", "Seen", null,
                            List.of(new ComponentDeclaration("cedar", PARTIAL_OUTAGE, 1.0))))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anIncidentCannotBeOpenedAsResolved() {
            fixture.givenNoPriorActivity()
                    .when(new OpenIncident("inc-1", "Blip", Impact.MINOR, IncidentStatus.RESOLVED, "u1", "Seen", null,
                            List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }
    }

    @Nested
    class Updates {

        @Test
        void anUpdateDeclaresNewStatusesAndReturnsTheNewVersion() {
            Instant at = START.plus(Duration.ofMinutes(230));
            fixture.given(opened())
                    .when(new PostUpdate("inc-1", "u2", IncidentStatus.IDENTIFIED, "Recovering", at,
                            List.of(new ComponentDeclaration("cedar", PARTIAL_OUTAGE, 0.3))))
                    .expectEvents(new IncidentUpdatePosted("inc-1", "u2", IncidentStatus.IDENTIFIED, "Recovering", at,
                            List.of(new ComponentDeclaration("cedar", PARTIAL_OUTAGE, 0.3))))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void anUpdateMayNotGoBackBeforeTheLatestUpdate() {
            Instant later = START.plusSeconds(3600);
            fixture.given(opened(), new IncidentUpdatePosted("inc-1", "u2", IncidentStatus.IDENTIFIED, "x", later, List.of()))
                    .when(new PostUpdate("inc-1", "u3", IncidentStatus.MONITORING, "y", later.minusSeconds(1), List.of()))
                    .expectNoEvents()
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("never go backwards"));
        }

        @Test
        void anUpdateMayNotPrecedeTheStart() {
            fixture.given(opened())
                    .when(new PostUpdate("inc-1", "u2", IncidentStatus.IDENTIFIED, "x", START.minusSeconds(60), List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }

        @Test
        void anUpdateAtTheSameInstantAsTheLatestIsAllowed() {
            fixture.given(opened())
                    .when(new PostUpdate("inc-1", "u2", IncidentStatus.IDENTIFIED, "x", START, List.of()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anUpdateCannotResolve() {
            fixture.given(opened())
                    .when(new PostUpdate("inc-1", "u2", IncidentStatus.RESOLVED, "done", null, List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }

        @Test
        void aResolvedIncidentTakesNoUpdates() {
            fixture.given(opened(), resolved(START.plusSeconds(100)))
                    .when(new PostUpdate("inc-1", "u3", IncidentStatus.MONITORING, "y", null, List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("is resolved"));
        }

        @Test
        void anUpdateToAnUnknownComponentIsRejected() {
            fixture.given(opened())
                    .when(new PostUpdate("inc-1", "u2", IncidentStatus.IDENTIFIED, "x", null,
                            List.of(ComponentDeclaration.of("ghost", DEGRADED_PERFORMANCE))))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }
    }

    @Nested
    class ImpactChanges {

        @Test
        void changingTheImpactRecordsIt() {
            fixture.given(opened())
                    .when(new ChangeImpact("inc-1", Impact.MAJOR))
                    .expectEvents(new IncidentImpactChanged("inc-1", Impact.MAJOR, NOW))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void changingToTheSameImpactRecordsNothing() {
            fixture.given(opened())
                    .when(new ChangeImpact("inc-1", Impact.CRITICAL))
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void aResolvedIncidentsImpactIsFinal() {
            fixture.given(opened(), resolved(START.plusSeconds(60)))
                    .when(new ChangeImpact("inc-1", Impact.MINOR))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }
    }

    @Nested
    class ResolutionAndReopening {

        @Test
        void resolvingEndsTheIncidentAtItsEffectiveTime() {
            Instant at = START.plus(Duration.ofHours(14));
            fixture.given(opened())
                    .when(new ResolveIncident("inc-1", "u9", "Resolved", at))
                    .expectEvents(resolved(at));
        }

        @Test
        void resolvingTwiceIsAConflict() {
            fixture.given(opened(), resolved(START.plusSeconds(60)))
                    .when(new ResolveIncident("inc-1", "u10", "Again", null))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }

        @Test
        void aResolutionMayNotPrecedeTheLatestUpdate() {
            fixture.given(opened())
                    .when(new ResolveIncident("inc-1", "u9", "Resolved", START.minusSeconds(1)))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }

        @Test
        void aResolvedIncidentCanBeReopenedWithNewDeclarations() {
            Instant at = START.plusSeconds(7200);
            var declarations = List.of(ComponentDeclaration.of("bamboo", PARTIAL_OUTAGE));
            fixture.given(opened(), resolved(START.plusSeconds(3600)))
                    .when(new ReopenIncident("inc-1", "u10", "Back again", at, declarations))
                    .expectEvents(new IncidentReopened("inc-1", "u10", "Back again", at, declarations))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void anOpenIncidentCannotBeReopened() {
            fixture.given(opened())
                    .when(new ReopenIncident("inc-1", "u10", "?", null, List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }

        @Test
        void aReopeningMayNotPrecedeTheResolution() {
            fixture.given(opened(), resolved(START.plusSeconds(3600)))
                    .when(new ReopenIncident("inc-1", "u10", "?", START.plusSeconds(3599), List.of()))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class);
        }

        @Test
        void aReopenedIncidentTakesUpdatesAgain() {
            fixture.given(opened(), resolved(START.plusSeconds(60)),
                            new IncidentReopened("inc-1", "u10", "Back", START.plusSeconds(120), List.of()))
                    .when(new PostUpdate("inc-1", "u11", IncidentStatus.IDENTIFIED, "x", null, List.of()))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class Postmortems {

        @Test
        void aPostmortemCanBePublishedAfterResolution() {
            fixture.given(opened(), resolved(START.plusSeconds(60)))
                    .when(new PublishPostmortem("inc-1", "# What happened"))
                    .expectEvents(new IncidentPostmortemPublished("inc-1", "# What happened", NOW));
        }

        @Test
        void aPostmortemCanBePublishedWhileOpen() {
            fixture.given(opened())
                    .when(new PublishPostmortem("inc-1", "Draft"))
                    .expectSuccessfulHandlerExecution();
        }
    }

    /** SPEC §3 rule 6: hindsight over {@code [from, to)}, on open and resolved incidents, within the incident's life. */
    @Nested
    class Corrections {

        private final Instant from = START.plusSeconds(600);
        private final Instant to = START.plusSeconds(3600);

        private CorrectImpact correction(String componentId, Instant from, Instant to) {
            return new CorrectImpact("inc-1", "c1", componentId, PARTIAL_OUTAGE, from, to, "Only the EU region was down.");
        }

        @Test
        void aCorrectionOnAnOpenIncidentIsRecorded() {
            fixture.given(opened())
                    .when(correction("bamboo", from, to))
                    .expectEvents(new IncidentImpactCorrected("inc-1", "c1", "bamboo", PARTIAL_OUTAGE, from, to,
                            "Only the EU region was down."))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void aCorrectionOnAResolvedIncidentIsRecordedUpToTheResolution() {
            Instant resolution = START.plusSeconds(3600);
            fixture.given(opened(), resolved(resolution))
                    .when(new CorrectImpact("inc-1", "c1", "cedar", MAJOR_OUTAGE, START, resolution, "Cedar was down too."))
                    .expectEvents(new IncidentImpactCorrected("inc-1", "c1", "cedar", MAJOR_OUTAGE, START, resolution,
                            "Cedar was down too."))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aCorrectionDoesNotHoldBackLaterUpdates() {
            Instant latest = START.plusSeconds(7200);
            fixture.given(opened(), new IncidentUpdatePosted("inc-1", "u2", IncidentStatus.IDENTIFIED, "x", latest, List.of()),
                            new IncidentImpactCorrected("inc-1", "c1", "bamboo", PARTIAL_OUTAGE, from, to, "EU only."))
                    .when(new PostUpdate("inc-1", "u3", IncidentStatus.MONITORING, "y", latest, List.of()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aRetiredComponentsPastCanBeCorrected() {
            fixture.given(opened())
                    .when(correction("aspen", from, to))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aCorrectionBeforeTheStartIsRejected() {
            fixture.given(opened())
                    .when(correction("bamboo", START.minusSeconds(1), to))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("precedes the incident's start"));
        }

        @Test
        void aCorrectionBeyondTheResolutionIsRejected() {
            Instant resolution = START.plusSeconds(1800);
            fixture.given(opened(), resolved(resolution))
                    .when(correction("bamboo", from, resolution.plusSeconds(1)))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("after the incident's resolution"));
        }

        @Test
        void aCorrectionOfAnOpenIncidentMayNotReachBeyondTheFutureSkew() {
            fixture.given(opened())
                    .when(correction("bamboo", from, NOW.plus(SKEW).plusSeconds(1)))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("in the future"));
            fixture.given(opened())
                    .when(correction("bamboo", from, NOW.plus(SKEW)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aReopenedIncidentIsOpenAgainForCorrections() {
            fixture.given(opened(), resolved(START.plusSeconds(60)),
                            new IncidentReopened("inc-1", "u10", "Back", START.plusSeconds(120), List.of()))
                    .when(correction("bamboo", from, NOW))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aCorrectionOfAnUnknownComponentIsRejected() {
            fixture.given(opened())
                    .when(correction("nope", from, to))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectExceptionMessage("unknown component 'nope'");
        }

        @Test
        void anEmptyOrBackwardsIntervalIsRejected() {
            for (Instant end : List.of(from, from.minusSeconds(1))) {
                fixture.given(opened())
                        .when(correction("bamboo", from, end))
                        .expectNoEvents()
                        .expectException(CommandRejectedException.class)
                        .expectExceptionMessage(org.hamcrest.Matchers.containsString("must be later than 'from'"));
            }
        }

        @Test
        void aCorrectionWithoutAReasonIsRejected() {
            for (String reason : java.util.Arrays.asList(null, " ", "r".repeat(CorrectImpact.MAX_REASON_LENGTH + 1))) {
                fixture.given(opened())
                        .when(new CorrectImpact("inc-1", "c1", "bamboo", PARTIAL_OUTAGE, from, to, reason))
                        .expectNoEvents()
                        .expectException(CommandRejectedException.class)
                        .expectExceptionMessage(org.hamcrest.Matchers.containsString("'reason'"));
            }
        }
    }

    @Test
    void commandsToAnUnknownIncidentFail() {
        fixture.givenNoPriorActivity()
                .when(new ResolveIncident("inc-1", "u9", "Resolved", null))
                .expectNoEvents()
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
    }

    /** {@code If-Match}: the version the sender saw travels in the command ({@code @TargetAggregateVersion}). */
    @Nested
    class ExpectedVersions {

        @Test
        void aCommandExpectingTheCurrentVersionIsHandled() {
            fixture.given(opened())
                    .when(new ResolveIncident("inc-1", "u9", "Resolved", START.plusSeconds(60), 0L))
                    .expectEvents(resolved(START.plusSeconds(60)));
        }

        @Test
        void aCommandExpectingAnOlderVersionIsRefusedBeforeAnyRule() {
            // Resolving before the opening breaks a rule too: the stale version is what the sender hears first.
            fixture.given(opened(), new IncidentImpactChanged("inc-1", Impact.MAJOR, START.plusSeconds(30)))
                    .when(new ResolveIncident("inc-1", "u9", "Resolved", START.minusSeconds(60), 0L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("Expected [0], but repository found [1]"));
        }

        @Test
        void aCommandExpectingAFutureVersionIsRefusedToo() {
            fixture.given(opened())
                    .when(new ResolveIncident("inc-1", "u9", "Resolved", START.plusSeconds(60), 7L))
                    .expectNoEvents()
                    .expectException(ConflictingAggregateVersionException.class);
        }
    }
}
