package io.incidentledger.store.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.incidentledger.store.ConfiguredEventStore;
import io.incidentledger.store.GoldenEvents;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/** One stored event as the JDBC storage engine reads it, through the services' upcaster chain and serializer. */
final class StoredEvents {

    private final ConfiguredEventStore store;

    StoredEvents(ConfiguredEventStore store) {
        this.store = store;
    }

    /** The golden file's bytes stored under {@code typeName} at {@code revision}, as the chain hands it on. */
    IntermediateEventRepresentation read(String typeName, String revision, String golden) {
        Serializer serializer = store.eventSerializer();
        SerializedObject<byte[]> metaData = serializer.serialize(MetaData.emptyInstance(), byte[].class);
        var stored = new GenericDomainEventEntry<>("Aggregate", "inc-1", 0, UUID.randomUUID().toString(),
                GoldenEvents.AT, typeName, revision, GoldenEvents.bytes(golden), metaData.getData());
        List<IntermediateEventRepresentation> read = store.upcasterChain()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    Object deserialize(IntermediateEventRepresentation representation) {
        return store.eventSerializer().deserialize(representation.getData());
    }
}
