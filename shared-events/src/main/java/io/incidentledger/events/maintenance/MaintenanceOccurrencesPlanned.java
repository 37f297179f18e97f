package io.incidentledger.events.maintenance;

import io.incidentledger.events.MaintenanceOccurrence;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A series' horizon moved to {@code plannedUntil}: these occurrences (each with the maintenance id it is to be
 * scheduled under) are due to exist as ordinary maintenances. Scheduling them is at-least-once and idempotent
 * by id, so a crash between this event and the schedules loses none and doubles none.
 */
@Revision("1")
public record MaintenanceOccurrencesPlanned(String seriesId, List<MaintenanceOccurrence> occurrences,
                                            Instant plannedUntil) {

    public MaintenanceOccurrencesPlanned {
        occurrences = List.copyOf(occurrences);
    }
}
