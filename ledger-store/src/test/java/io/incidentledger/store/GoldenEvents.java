package io.incidentledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.component.ComponentUpdated;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;

/**
 * The events the golden files of shared-events ({@code src/test/resources/golden}, copied onto this module's test
 * classpath) describe: {@code <Event>.v<revision>.json}, one per revision, the old ones kept for the upcasters.
 */
public final class GoldenEvents {

    public static final Instant AT = Instant.parse("2012-06-30T03:04:00Z");

    private GoldenEvents() {
    }

    /** Every event at its current revision, equal to what its golden file reads as. */
    public static Stream<Object> current() {
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
                impactCorrected(),
                postmortemPublished());
    }

    /** The golden {@code IncidentImpactCorrected} (and, stored under its old name, {@code ImpactCorrected}). */
    public static IncidentImpactCorrected impactCorrected() {
        return new IncidentImpactCorrected("inc-1", "cor-1", "bamboo", ComponentStatus.PARTIAL_OUTAGE, AT,
                AT.plusSeconds(600), "Only the EU region was down.");
    }

    /** The golden {@code IncidentPostmortemPublished} (and, under its old name, {@code PostmortemPublished}). */
    public static IncidentPostmortemPublished postmortemPublished() {
        return new IncidentPostmortemPublished("inc-1", "# What happened\n\nA storm.", AT.plusSeconds(86400));
    }

    public static byte[] bytes(String name) {
        try (InputStream in = GoldenEvents.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
