package io.incidentledger.command.maintenance;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Plans a recurring maintenance: an RFC 5545 {@code rrule} in the IANA {@code timeZone}, starting with the window
 * {@code [firstScheduledFor, firstScheduledFor + windowSeconds)} (its DTSTART, read as a local time in the zone).
 *
 * @param at when it was announced; null means now
 */
public record PlanMaintenanceSeries(@TargetAggregateIdentifier String seriesId, String title, String message,
                                    Instant at, List<ComponentDeclaration> components, String rrule,
                                    String timeZone, Instant firstScheduledFor, Instant firstScheduledUntil,
                                    boolean autoStart, boolean autoComplete) {

    public PlanMaintenanceSeries {
        components = List.copyOf(components);
    }
}
