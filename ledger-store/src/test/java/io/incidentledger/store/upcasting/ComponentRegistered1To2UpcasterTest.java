package io.incidentledger.store.upcasting;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentUpdated;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden JSON of revision 1, as stored bytes, through the upcaster chain and the serializer the services use
 * (Axon's Jackson 3 serializer), is the revision 2 event with the display flags every component had before.
 */
class ComponentRegistered1To2UpcasterTest {

    private static final Serializer SERIALIZER = Jackson3Serializer.builder().build();
    private static final EventUpcasterChain CHAIN = new EventUpcasterChain(new ComponentRegistered1To2Upcaster());

    @Test
    void revisionOneIsReadAsRevisionTwoShownWhateverItsStatus() throws IOException {
        IntermediateEventRepresentation upcast = upcastOne(ComponentRegistered.class, "1", "ComponentRegistered.v1.json");

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(deserialize(upcast)).isEqualTo(
                new ComponentRegistered("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack", 1, true, false));
    }

    @Test
    void revisionTwoPassesUnchanged() throws IOException {
        IntermediateEventRepresentation read = upcastOne(ComponentRegistered.class, "2", "ComponentRegistered.v2.json");

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(deserialize(read)).isEqualTo(
                new ComponentRegistered("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack", 1, false, true));
    }

    @Test
    void otherEventsPassUnchanged() throws IOException {
        IntermediateEventRepresentation read = upcastOne(ComponentUpdated.class, "1", "ComponentUpdated.v1.json");

        assertThat(read.getType().getRevision()).isEqualTo("1");
        assertThat(deserialize(read))
                .isEqualTo(new ComponentUpdated("bamboo", "Bamboo", "Production", null, 2));
    }

    @Test
    void theUpcasterNamesTheStoredTypeOfTheEvent() {
        assertThat(ComponentRegistered1To2Upcaster.TYPE).isEqualTo(ComponentRegistered.class.getName());
    }

    /** One stored event as the JDBC storage engine reads it: payload bytes, type name and revision. */
    private static IntermediateEventRepresentation upcastOne(Class<?> type, String revision, String golden)
            throws IOException {
        SerializedObject<byte[]> metaData = SERIALIZER.serialize(MetaData.emptyInstance(), byte[].class);
        var stored = new GenericDomainEventEntry<>("Component", "bamboo", 0, UUID.randomUUID().toString(),
                Instant.parse("2012-06-30T03:04:00Z"), type.getName(), revision, golden(golden), metaData.getData());
        List<IntermediateEventRepresentation> read =
                CHAIN.upcast(Stream.of(new InitialEventRepresentation(stored, SERIALIZER))).toList();
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    private static Object deserialize(IntermediateEventRepresentation representation) {
        return SERIALIZER.deserialize(representation.getData());
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ComponentRegistered1To2UpcasterTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
