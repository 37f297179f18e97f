package io.incidentledger.events.maintenance;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The window was called off before it started. It never counted in any status; Statuspage deletes such a
 * maintenance, we keep it in our own API and history. {@code message} may be {@code null}.
 */
@Revision("1")
public record MaintenanceCancelled(String maintenanceId, String updateId, String message, Instant at) {
}
