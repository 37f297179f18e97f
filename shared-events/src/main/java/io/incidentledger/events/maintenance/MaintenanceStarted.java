package io.incidentledger.events.maintenance;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The window began as of {@code at}: from there its declarations join every component's worst-of status.
 *
 * @param automatic started by its deadline, not by a commander: {@code at} is then the scheduled start even when
 *                  the deadline fired late (every instance was down), and the event's timestamp says when
 */
@Revision("1")
public record MaintenanceStarted(String maintenanceId, String updateId, String message, Instant at,
                                 boolean automatic) {
}
