package io.incidentledger.events.incident;

import io.incidentledger.events.ComponentDeclaration;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A resolved incident is open again as of {@code at}. It declares nothing by itself: the earlier
 * declarations ended with the resolution, and only {@code components} (often empty) start new ones.
 */
@Revision("1")
public record IncidentReopened(String incidentId, String updateId, String message, Instant at,
                               List<ComponentDeclaration> components) {

    public IncidentReopened {
        components = List.copyOf(components);
    }
}
