package io.incidentledger.command.maintenance;

import java.time.Instant;

/**
 * The payload of a maintenance's deadline: the planned instant it was set for. A deadline whose instant is no
 * longer the plan's (the window was rescheduled and the old deadline's cancellation did not happen) does nothing.
 * Stored in Quartz's job data as JSON (the Jackson 3 serializer), never Java- or XStream-serialized.
 */
public record MaintenanceDue(Instant scheduledAt) {
}
