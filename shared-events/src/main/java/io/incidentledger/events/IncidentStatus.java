package io.incidentledger.events;

import java.util.Arrays;
import java.util.Optional;

/** Where the response to an incident stands. Wire name is {@link #toString()}, as for {@link ComponentStatus}. */
public enum IncidentStatus {
    INVESTIGATING("investigating"),
    IDENTIFIED("identified"),
    MONITORING("monitoring"),
    RESOLVED("resolved");

    private final String wireName;

    IncidentStatus(String wireName) {
        this.wireName = wireName;
    }

    public static Optional<IncidentStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
