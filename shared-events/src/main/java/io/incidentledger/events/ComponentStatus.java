package io.incidentledger.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a component is doing, declared in the order best to worst: the ordinal is the severity, so
 * "the worst of two statuses" is a comparison and never a lookup table.
 *
 * <p>{@link #toString()} is the wire name (Statuspage's spelling). Jackson 3 reads and writes enums
 * through {@code toString()} by default, so events, REST bodies and the public API all spell it the same.
 */
public enum ComponentStatus {
    OPERATIONAL("operational"),
    UNDER_MAINTENANCE("under_maintenance"),
    DEGRADED_PERFORMANCE("degraded_performance"),
    PARTIAL_OUTAGE("partial_outage"),
    MAJOR_OUTAGE("major_outage");

    private final String wireName;

    ComponentStatus(String wireName) {
        this.wireName = wireName;
    }

    public boolean isWorseThan(ComponentStatus other) {
        return compareTo(other) > 0;
    }

    public static ComponentStatus worst(ComponentStatus a, ComponentStatus b) {
        return a.isWorseThan(b) ? a : b;
    }

    public static Optional<ComponentStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
