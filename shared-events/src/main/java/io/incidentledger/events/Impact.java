package io.incidentledger.events;

import java.util.Arrays;
import java.util.Optional;

/** The commander's judgement of an incident's overall severity, independent of component statuses. */
public enum Impact {
    NONE("none"),
    MINOR("minor"),
    MAJOR("major"),
    CRITICAL("critical");

    private final String wireName;

    Impact(String wireName) {
        this.wireName = wireName;
    }

    public static Optional<Impact> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
