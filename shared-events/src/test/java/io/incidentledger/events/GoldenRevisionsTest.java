package io.incidentledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.incidentledger.events.component.ComponentRegistered;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the golden files ({@code src/test/resources/golden}, one per event revision) say about the revisions
 * themselves. Whether the events' serializer writes and reads exactly these files is tested where the services'
 * serializer configuration is (ledger-store's {@code GoldenEventJsonTest}): this module knows no Spring.
 */
class GoldenRevisionsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /** A rename changes the stored type name only: the payload of each revision stays byte for byte. */
    @Test
    void theRenamedEventsKeptTheirPayloads() throws IOException {
        assertThat(golden("IncidentImpactCorrected.v1.json")).isEqualTo(golden("ImpactCorrected.v1.json"));
        assertThat(golden("IncidentPostmortemPublished.v1.json")).isEqualTo(golden("PostmortemPublished.v1.json"));
    }

    @Test
    void aComponentRegisteredWithoutDisplayFlagsIsShownWhateverItsStatus() {
        var registered = new ComponentRegistered("bamboo", "Bamboo", null, null, 0);

        assertThat(registered.showcase()).isTrue();
        assertThat(registered.onlyShowIfDegraded()).isFalse();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenRevisionsTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
