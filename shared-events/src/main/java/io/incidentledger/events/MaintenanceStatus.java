package io.incidentledger.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a planned maintenance stands: {@code scheduled} → {@code in_progress} → {@code verifying} (optional) →
 * {@code completed}, or {@code cancelled} before it starts. The first four are Statuspage's own; a cancelled
 * maintenance is one Statuspage deletes, which we keep in our own API and history. Wire name is
 * {@link #toString()}, as for {@link IncidentStatus}.
 */
public enum MaintenanceStatus {
    SCHEDULED("scheduled"),
    IN_PROGRESS("in_progress"),
    VERIFYING("verifying"),
    COMPLETED("completed"),
    CANCELLED("cancelled");

    private final String wireName;

    MaintenanceStatus(String wireName) {
        this.wireName = wireName;
    }

    public static Optional<MaintenanceStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    /** In progress or verifying: its declarations count in the components' effective status. */
    public boolean isActive() {
        return this == IN_PROGRESS || this == VERIFYING;
    }

    /** Completed or cancelled: nothing more happens to it. */
    public boolean isOver() {
        return this == COMPLETED || this == CANCELLED;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
