package io.incidentledger.events.incident;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * An incident began. {@code at} is when it began in the world (often earlier than the event's recorded
 * timestamp: commanders open incidents late); the opening message is the incident's first update.
 */
@Revision("1")
public record IncidentOpened(String incidentId, String title, Impact impact, IncidentStatus status,
                             String updateId, String message, Instant at,
                             List<ComponentDeclaration> components) {

    public IncidentOpened {
        components = List.copyOf(components);
    }
}
