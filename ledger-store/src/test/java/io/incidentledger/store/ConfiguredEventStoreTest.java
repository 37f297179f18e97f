package io.incidentledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The events' serializer the tests hold stored events to is the services' one, not a default. */
class ConfiguredEventStoreTest {

    private static ConfiguredEventStore store;

    @BeforeAll
    static void start() {
        store = ConfiguredEventStore.start();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void theServicesAgreeOnJackson3ForEverything() {
        assertThat(ConfiguredEventStore.serializerProperties()).containsEntry("axon.serializer.events", "jackson3");
        assertThat(store.eventSerializer()).isInstanceOf(Jackson3Serializer.class);
    }

    /** Axon's auto-configuration applies only the first customizer it finds: there must be exactly one. */
    @Test
    void theOneCustomizerIsLedgerStoresOwn() {
        assertThat(store.context().getBeansOfType(Jackson3SerializerCustomizer.class)).containsOnlyKeys(
                "trustAxonTokenTypes");
    }

    /** What the customizer is for: a processor's first token, a ReplayToken with an Object context, reads back. */
    @Test
    void theConfiguredSerializerReadsBackAReplayToken() {
        Serializer serializer = store.eventSerializer();
        TrackingToken token = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(41),
                new GlobalSequenceTrackingToken(7), "rebuild");

        SerializedObject<byte[]> stored = serializer.serialize(token, byte[].class);

        assertThat((Object) serializer.deserialize(stored)).isEqualTo(token);
    }
}
