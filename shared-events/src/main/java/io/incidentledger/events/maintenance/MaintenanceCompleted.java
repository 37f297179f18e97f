package io.incidentledger.events.maintenance;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The window is over as of {@code at}: every declaration it made ends there, and each component falls back to
 * whatever an open incident still declares.
 *
 * @param automatic completed by its deadline at the scheduled end, not by a commander
 */
@Revision("1")
public record MaintenanceCompleted(String maintenanceId, String updateId, String message, Instant at,
                                   boolean automatic) {
}
