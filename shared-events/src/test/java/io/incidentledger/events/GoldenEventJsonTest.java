package io.incidentledger.events;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.component.ComponentUpdated;
import io.incidentledger.events.incident.ImpactCorrected;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.PostmortemPublished;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored events are schema: once written they are read back for ever. Each event revision has a
 * golden JSON file, written by hand from the contract, and the serializer the services use must
 * produce exactly it and read it back into an equal event. A failing test here means a change would
 * break the store: add a revision and an upcaster instead of editing the golden file. The files of older
 * revisions stay: the upcasters (ledger-store) are tested against them.
 */
class GoldenEventJsonTest {

    private static final Instant AT = Instant.parse("2012-06-30T03:04:00Z");
    private static final Jackson3Serializer SERIALIZER = Jackson3Serializer.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every event at its current revision; golden file {@code <Event>.v<revision>.json}. */
    static Stream<Object> currentEvents() {
        var bambooDown = new ComponentDeclaration("bamboo", ComponentStatus.MAJOR_OUTAGE, null);
        var cedarPartial = new ComponentDeclaration("cedar", ComponentStatus.PARTIAL_OUTAGE, 0.3);
        return Stream.of(
                new ComponentRegistered("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack", 1, false, true),
                new ComponentUpdated("bamboo", "Bamboo", "Production", null, 2),
                new ComponentRetired("bamboo"),
                new IncidentOpened("inc-1", "Widespread application outage", Impact.CRITICAL,
                        IncidentStatus.INVESTIGATING, "upd-1", "We are investigating.", AT,
                        List.of(bambooDown, cedarPartial)),
                new IncidentUpdatePosted("inc-1", "upd-2", IncidentStatus.IDENTIFIED, "Power loss in one zone.",
                        AT.plusSeconds(600), List.of(ComponentDeclaration.of("bamboo", ComponentStatus.PARTIAL_OUTAGE))),
                new IncidentImpactChanged("inc-1", Impact.MAJOR, AT.plusSeconds(700)),
                new IncidentResolved("inc-1", "upd-3", "All clear.", AT.plusSeconds(3600)),
                new IncidentReopened("inc-1", "upd-4", "Errors are back.", AT.plusSeconds(4000), List.of(bambooDown)),
                new PostmortemPublished("inc-1", "# What happened\n\nA storm.", AT.plusSeconds(86400)),
                new ImpactCorrected("inc-1", "cor-1", "bamboo", ComponentStatus.PARTIAL_OUTAGE, AT,
                        AT.plusSeconds(600), "Only the EU region was down."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentEvents")
    void everyEventIsStoredExactlyAsItsGoldenJsonAndReadBack(Object event) throws IOException {
        String revision = event.getClass().getAnnotation(Revision.class).value();
        String golden = golden(event.getClass().getSimpleName() + ".v" + revision + ".json");

        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);
        assertThat(stored.getType().getRevision()).as("@Revision").isEqualTo(revision);
        assertThat(JSON.readTree(stored.getData())).isEqualTo(JSON.readTree(golden));

        Object readBack = SERIALIZER.deserialize(new SimpleSerializedObject<>(
                golden.getBytes(StandardCharsets.UTF_8), byte[].class,
                new SimpleSerializedType(event.getClass().getName(), revision)));
        assertThat(readBack).isEqualTo(event);
    }

    /**
     * Revision 2 of ComponentRegistered only added the display flags: revision 1 is revision 2 without them, so
     * the upcaster has nothing to do but add them (with the defaults).
     */
    @Test
    void componentRegisteredRevisionOneIsRevisionTwoWithoutTheDisplayFlags() throws IOException {
        ObjectNode revisionTwo = (ObjectNode) JSON.readTree(golden("ComponentRegistered.v2.json"));
        revisionTwo.remove(List.of("showcase", "onlyShowIfDegraded"));

        assertThat(JSON.readTree(golden("ComponentRegistered.v1.json"))).isEqualTo(revisionTwo);
    }

    @Test
    void aComponentRegisteredWithoutDisplayFlagsIsShownWhateverItsStatus() {
        var registered = new ComponentRegistered("bamboo", "Bamboo", null, null, 0);

        assertThat(registered.showcase()).isTrue();
        assertThat(registered.onlyShowIfDegraded()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentEvents")
    void enumsAndTimesUseTheWireSpelling(Object event) throws IOException {
        JsonNode json = JSON.readTree(SERIALIZER.serialize(event, byte[].class).getData());
        String text = json.toString();
        assertThat(text).doesNotContain("MAJOR_OUTAGE", "INVESTIGATING", "CRITICAL");
        if (json.has("at")) {
            assertThat(json.get("at").isString()).as("ISO-8601 instant, not a number").isTrue();
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenEventJsonTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
