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
import io.incidentledger.events.MaintenanceOccurrence;
import io.incidentledger.events.MaintenanceStatus;
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
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceOccurrencesPlanned;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceSeriesPlanned;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;

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
                postmortemPublished(),
                maintenanceScheduled(),
                new MaintenanceRescheduled("mnt-1", "Database upgrade (moved)", List.of(bambooMaintenance(),
                        ComponentDeclaration.of("cedar", ComponentStatus.DEGRADED_PERFORMANCE)),
                        JULY_FIRST.plusSeconds(3600), JULY_FIRST.plusSeconds(3 * 3600), Instant.parse("2012-06-30T18:00:00Z")),
                new MaintenanceStarted("mnt-1", "upd-2", "The upgrade has begun.", JULY_FIRST.plusSeconds(3600), true),
                new MaintenanceUpdatePosted("mnt-1", "upd-3", MaintenanceStatus.VERIFYING, "Checking replication.",
                        JULY_FIRST.plusSeconds(2 * 3600 + 1800)),
                new MaintenanceCompleted("mnt-1", "upd-4", "The upgrade is complete.",
                        JULY_FIRST.plusSeconds(3 * 3600), false),
                new MaintenanceCancelled("mnt-2", "upd-1", null, Instant.parse("2012-06-30T12:00:00Z")),
                new MaintenanceSeriesPlanned("weekly-db", "Weekly database maintenance",
                        "Routine database maintenance.", List.of(bambooMaintenance()), "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2",
                        "Europe/Berlin", Instant.parse("2012-07-01T00:00:00Z"), 7200, true, true),
                new MaintenanceOccurrencesPlanned("weekly-db", List.of(
                        new MaintenanceOccurrence("weekly-db-20120701T0200", Instant.parse("2012-07-01T00:00:00Z"),
                                Instant.parse("2012-07-01T02:00:00Z")),
                        new MaintenanceOccurrence("weekly-db-20120708T0200", Instant.parse("2012-07-08T00:00:00Z"),
                                Instant.parse("2012-07-08T02:00:00Z"))),
                        Instant.parse("2012-07-15T00:00:00Z")));
    }

    /** 2012-07-01T02:00Z, the golden maintenance's first planned start. */
    private static final Instant JULY_FIRST = Instant.parse("2012-07-01T02:00:00Z");

    private static ComponentDeclaration bambooMaintenance() {
        return ComponentDeclaration.of("bamboo", ComponentStatus.UNDER_MAINTENANCE);
    }

    public static MaintenanceScheduled maintenanceScheduled() {
        return new MaintenanceScheduled("mnt-1", "Database upgrade", "upd-1", "We will upgrade the primary database.",
                Instant.parse("2012-06-30T12:00:00Z"), List.of(bambooMaintenance()), JULY_FIRST, JULY_FIRST.plusSeconds(2 * 3600), true, true, null);
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
