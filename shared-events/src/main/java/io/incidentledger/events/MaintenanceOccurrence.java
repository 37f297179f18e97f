package io.incidentledger.events;

import java.time.Instant;

/** One window of a recurring maintenance, with the id of the ordinary maintenance it is scheduled as. */
public record MaintenanceOccurrence(String maintenanceId, Instant scheduledFor, Instant scheduledUntil) {
}
