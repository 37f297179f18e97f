package io.incidentledger.command.component;

import io.incidentledger.command.dispatch.StaleVersionsFirst;

import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.component.ComponentUpdated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

class ComponentTest {

    private final Map<String, Standing> known = new HashMap<>();
    private FixtureConfiguration<Component> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Component.class);
        fixture.registerHandlerEnhancerDefinition(new StaleVersionsFirst()); // as DispatchConfiguration does
        fixture.registerInjectableResource((ComponentCatalog) id -> Optional.ofNullable(known.get(id)));
    }

    private static ComponentRegistered bamboo() {
        return new ComponentRegistered("bamboo", "Bamboo", "Production", "Legacy stack", 1);
    }

    @Test
    void aComponentIsRegisteredWithItsDetails() {
        fixture.givenNoPriorActivity()
                .when(new RegisterComponent("bamboo", "Bamboo", "Production", "Legacy stack", 1))
                .expectEvents(bamboo());
    }

    @Test
    void theDisplayFlagsAreRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RegisterComponent("bamboo", "Bamboo", null, null, 1, false, true))
                .expectEvents(new ComponentRegistered("bamboo", "Bamboo", null, null, 1, false, true));
    }

    @Test
    void blankOptionalDetailsAreStoredAsAbsent() {
        fixture.givenNoPriorActivity()
                .when(new RegisterComponent("cedar", "Cedar", " ", "", 0))
                .expectEvents(new ComponentRegistered("cedar", "Cedar", null, null, 0));
    }

    @Test
    void aTakenIdIsAConflictEvenAfterRetirement() {
        known.put("bamboo", Standing.RETIRED);
        fixture.givenNoPriorActivity()
                .when(new RegisterComponent("bamboo", "Bamboo 2", null, null, 0))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("component 'bamboo' already exists");
    }

    @Test
    void anUpdateChangesOnlyWhatItNamesAndEmptyClears() {
        fixture.given(bamboo())
                .when(new UpdateComponent("bamboo", "Bamboo stack", "", null, null))
                .expectEvents(new ComponentUpdated("bamboo", "Bamboo stack", null, "Legacy stack", 1))
                .expectResultMessagePayload(1L);
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothing() {
        fixture.given(bamboo())
                .when(new UpdateComponent("bamboo", "Bamboo", null, null, 1))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void aRetiredComponentCannotBeUpdated() {
        fixture.given(bamboo(), new ComponentRetired("bamboo"))
                .when(new UpdateComponent("bamboo", "Bamboo again", null, null, null))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void retiringKeepsTheHistoryAndIsIdempotent() {
        fixture.given(bamboo())
                .when(new RetireComponent("bamboo"))
                .expectEvents(new ComponentRetired("bamboo"))
                .expectResultMessagePayload(1L);
        fixture.given(bamboo(), new ComponentRetired("bamboo"))
                .when(new RetireComponent("bamboo"))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }
}
