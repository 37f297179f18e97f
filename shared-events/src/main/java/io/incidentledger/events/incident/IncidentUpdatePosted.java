package io.incidentledger.events.incident;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.IncidentStatus;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The commander told the world more, possibly declaring new statuses for some components as of {@code at}. */
@Revision("1")
public record IncidentUpdatePosted(String incidentId, String updateId, IncidentStatus status, String message,
                                   Instant at, List<ComponentDeclaration> components) {

    public IncidentUpdatePosted {
        components = List.copyOf(components);
    }
}
