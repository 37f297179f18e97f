package io.incidentledger.store.upcasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import io.incidentledger.store.ConfiguredEventStore;
import io.incidentledger.store.GoldenEvents;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ImpactCorrected} and {@code PostmortemPublished} were renamed {@code IncidentImpactCorrected} and
 * {@code IncidentPostmortemPublished}, same fields, revision 1. Rows stored under the old names (their golden
 * payload bytes) read, through the services' upcaster chain and events' serializer, as the new classes with
 * equal payloads; every other stored event passes unchanged.
 */
class EventRenamedUpcasterTest {

    private static final String OLD_IMPACT_CORRECTED = "io.incidentledger.events.incident.ImpactCorrected";
    private static final String OLD_POSTMORTEM_PUBLISHED = "io.incidentledger.events.incident.PostmortemPublished";

    private static ConfiguredEventStore store;
    private static StoredEvents stored;

    @BeforeAll
    static void configured() {
        store = ConfiguredEventStore.start();
        stored = new StoredEvents(store);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static Stream<Arguments> renamed() {
        return Stream.of(
                Arguments.of(OLD_IMPACT_CORRECTED, "ImpactCorrected.v1.json", GoldenEvents.impactCorrected()),
                Arguments.of(OLD_POSTMORTEM_PUBLISHED, "PostmortemPublished.v1.json",
                        GoldenEvents.postmortemPublished()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renamed")
    void aRowStoredUnderTheOldNameReadsAsTheRenamedEvent(String storedAs, String golden, Object expected) {
        IntermediateEventRepresentation read = stored.read(storedAs, "1", golden);

        assertThat(read.getType().getName()).isEqualTo(expected.getClass().getName());
        assertThat(read.getType().getRevision()).isEqualTo("1");
        assertThat(stored.deserialize(read)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renamed")
    void aRowStoredUnderTheNewNamePassesUnchanged(String storedAs, String golden, Object expected) {
        String name = expected.getClass().getName();
        IntermediateEventRepresentation read =
                stored.read(name, "1", expected.getClass().getSimpleName() + ".v1.json");

        assertThat(read.getType().getName()).isEqualTo(name);
        assertThat(read.getType().getRevision()).isEqualTo("1");
        assertThat(stored.deserialize(read)).isEqualTo(expected);
    }

    @Test
    void otherEventsPassUnchanged() {
        IntermediateEventRepresentation read = stored.read(IncidentOpened.class.getName(), "1", "IncidentOpened.v1.json");

        assertThat(read.getType().getName()).isEqualTo(IncidentOpened.class.getName());
        assertThat(read.getType().getRevision()).isEqualTo("1");
        assertThat(stored.deserialize(read)).isEqualTo(new IncidentOpened("inc-1", "Widespread application outage",
                Impact.CRITICAL, IncidentStatus.INVESTIGATING, "upd-1", "We are investigating.", GoldenEvents.AT,
                List.of(new ComponentDeclaration("bamboo", ComponentStatus.MAJOR_OUTAGE, null),
                        new ComponentDeclaration("cedar", ComponentStatus.PARTIAL_OUTAGE, 0.3))));
    }

    /** Only the revision that was stored under the old name is renamed: a later one would need its own step. */
    @Test
    void anotherRevisionOfTheOldNameIsNotRenamed() {
        IntermediateEventRepresentation read = stored.read(OLD_IMPACT_CORRECTED, "2", "ImpactCorrected.v1.json");

        assertThat(read.getType().getName()).isEqualTo(OLD_IMPACT_CORRECTED);
    }

    /** The names are literals describing what was stored; the old classes are gone, the new ones are the events. */
    @Test
    void theUpcastersNameTheStoredAndTheCurrentTypes() {
        assertThat(EventRenamedUpcaster.impactCorrected().storedAs()).isEqualTo(OLD_IMPACT_CORRECTED);
        assertThat(EventRenamedUpcaster.impactCorrected().readAs()).isEqualTo(IncidentImpactCorrected.class.getName());
        assertThat(EventRenamedUpcaster.postmortemPublished().storedAs()).isEqualTo(OLD_POSTMORTEM_PUBLISHED);
        assertThat(EventRenamedUpcaster.postmortemPublished().readAs())
                .isEqualTo(IncidentPostmortemPublished.class.getName());
        assertThatThrownBy(() -> Class.forName(OLD_IMPACT_CORRECTED)).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(OLD_POSTMORTEM_PUBLISHED)).isInstanceOf(ClassNotFoundException.class);
    }
}
