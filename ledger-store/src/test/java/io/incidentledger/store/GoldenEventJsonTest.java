package io.incidentledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored events are schema: once written they are read back for ever. Each event revision has a golden JSON file
 * (shared-events, written by hand from the contract), and the events' serializer the services are configured with
 * ({@link ConfiguredEventStore}: Axon's auto-configuration, our customizer, the services' {@code axon.serializer.*})
 * must produce exactly it and read it back into an equal event. A failing test here means a change would break the
 * store: add a revision and an upcaster instead of editing the golden file. The files of older revisions stay: the
 * upcasters are tested against them.
 */
class GoldenEventJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static ConfiguredEventStore store;
    private static Serializer serializer;

    @BeforeAll
    static void configuredSerializer() {
        store = ConfiguredEventStore.start();
        serializer = store.eventSerializer();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static Stream<Object> currentEvents() {
        return GoldenEvents.current();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentEvents")
    void everyEventIsStoredExactlyAsItsGoldenJsonAndReadBack(Object event) {
        String revision = event.getClass().getAnnotation(Revision.class).value();
        String golden = GoldenEvents.text(event.getClass().getSimpleName() + ".v" + revision + ".json");

        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        assertThat(stored.getType().getName()).as("stored type name").isEqualTo(event.getClass().getName());
        assertThat(stored.getType().getRevision()).as("@Revision").isEqualTo(revision);
        assertThat(JSON.readTree(stored.getData())).isEqualTo(JSON.readTree(golden));

        Object readBack = serializer.deserialize(new SimpleSerializedObject<>(
                golden.getBytes(StandardCharsets.UTF_8), byte[].class,
                new SimpleSerializedType(event.getClass().getName(), revision)));
        assertThat(readBack).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentEvents")
    void enumsAndTimesUseTheWireSpelling(Object event) {
        JsonNode json = JSON.readTree(serializer.serialize(event, byte[].class).getData());
        String text = json.toString();
        assertThat(text).doesNotContain("MAJOR_OUTAGE", "INVESTIGATING", "CRITICAL");
        if (json.has("at")) {
            assertThat(json.get("at").isString()).as("ISO-8601 instant, not a number").isTrue();
        }
    }

    /** No event escapes the golden files: every class of the catalogue that carries a revision is listed. */
    @Test
    void everyEventOfTheCatalogueHasAGoldenFile() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<String> catalogue = scanner.findCandidateComponents("io.incidentledger.events").stream()
                .map(BeanDefinition::getBeanClassName).collect(Collectors.toSet());

        assertThat(catalogue).isNotEmpty();
        assertThat(GoldenEvents.current().map(e -> e.getClass().getName()).collect(Collectors.toSet()))
                .isEqualTo(catalogue);
    }
}
