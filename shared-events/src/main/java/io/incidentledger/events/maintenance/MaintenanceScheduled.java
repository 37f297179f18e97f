package io.incidentledger.events.maintenance;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A maintenance window was planned: from {@code scheduledFor} to {@code scheduledUntil} the listed components
 * will be at their declared status (usually {@code under_maintenance}). Nothing counts in any component's status
 * until it starts. The announcing message is the maintenance's first update.
 *
 * @param at           when it was announced, an effective time like every command's {@code at} (a window done
 *                     but announced late can be recorded after the fact); the window never begins before it
 * @param autoStart    started by the ledger itself at {@code scheduledFor} if nobody did it before
 * @param autoComplete completed by the ledger itself at {@code scheduledUntil} if nobody did it before
 * @param seriesId     the recurring series this window is an occurrence of, or {@code null} for a one-off
 */
@Revision("1")
public record MaintenanceScheduled(String maintenanceId, String title, String updateId, String message,
                                   Instant at, List<ComponentDeclaration> components, Instant scheduledFor,
                                   Instant scheduledUntil, boolean autoStart, boolean autoComplete,
                                   String seriesId) {

    public MaintenanceScheduled {
        components = List.copyOf(components);
    }
}
