package io.incidentledger.events.maintenance;

import io.incidentledger.events.MaintenanceStatus;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A commander told the world more about a running maintenance ({@code in_progress} or {@code verifying}). */
@Revision("1")
public record MaintenanceUpdatePosted(String maintenanceId, String updateId, MaintenanceStatus status,
                                      String message, Instant at) {
}
