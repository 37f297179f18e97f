package io.incidentledger.store.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentUpdated;
import io.incidentledger.store.ConfiguredEventStore;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden JSON of revision 1, as stored bytes, through the upcaster chain and the events' serializer the
 * services are configured with ({@link ConfiguredEventStore}), is the revision 2 event with the display flags
 * every component had before.
 */
class ComponentRegistered1To2UpcasterTest {

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

    @Test
    void revisionOneIsReadAsRevisionTwoShownWhateverItsStatus() {
        IntermediateEventRepresentation upcast =
                stored.read(ComponentRegistered.class.getName(), "1", "ComponentRegistered.v1.json");

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(stored.deserialize(upcast)).isEqualTo(
                new ComponentRegistered("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack", 1, true, false));
    }

    @Test
    void revisionTwoPassesUnchanged() {
        IntermediateEventRepresentation read =
                stored.read(ComponentRegistered.class.getName(), "2", "ComponentRegistered.v2.json");

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(stored.deserialize(read)).isEqualTo(
                new ComponentRegistered("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack", 1, false, true));
    }

    @Test
    void otherEventsPassUnchanged() {
        IntermediateEventRepresentation read =
                stored.read(ComponentUpdated.class.getName(), "1", "ComponentUpdated.v1.json");

        assertThat(read.getType().getRevision()).isEqualTo("1");
        assertThat(stored.deserialize(read))
                .isEqualTo(new ComponentUpdated("bamboo", "Bamboo", "Production", null, 2));
    }

    @Test
    void theUpcasterNamesTheStoredTypeOfTheEvent() {
        assertThat(ComponentRegistered1To2Upcaster.TYPE).isEqualTo(ComponentRegistered.class.getName());
    }
}
