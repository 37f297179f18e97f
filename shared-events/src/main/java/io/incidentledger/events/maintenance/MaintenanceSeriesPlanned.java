package io.incidentledger.events.maintenance;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A recurring maintenance was planned: an RFC 5545 {@code rrule} read in the IANA {@code timeZone}, its first
 * window starting at {@code firstScheduledFor} (the rule's DTSTART, a local time in that zone) and each window
 * lasting {@code windowSeconds}. Its occurrences become ordinary maintenances ({@link MaintenanceScheduled} with
 * this {@code seriesId}) within a rolling horizon, each editable or cancellable on its own.
 */
@Revision("1")
public record MaintenanceSeriesPlanned(String seriesId, String title, String message,
                                       List<ComponentDeclaration> components, String rrule, String timeZone,
                                       Instant firstScheduledFor, long windowSeconds, boolean autoStart,
                                       boolean autoComplete) {

    public MaintenanceSeriesPlanned {
        components = List.copyOf(components);
    }
}
