package io.incidentledger.store.upcasting;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.function.Function;

/**
 * An event class that was renamed to follow the events' naming convention ({@code <Aggregate><PastTense>}, e.g.
 * {@code IncidentImpactCorrected}): rows stored under the old class name are read as the new class, payload and
 * revision unchanged. The stored row is never rewritten, so the audit chain (which hashes the row as stored)
 * still verifies. The names are literals on purpose: they describe what was stored.
 */
public final class EventRenamedUpcaster extends SingleEventUpcaster {

    private final SimpleSerializedType from;
    private final SimpleSerializedType to;

    private EventRenamedUpcaster(String storedAs, String readAs, String revision) {
        this.from = new SimpleSerializedType(storedAs, revision);
        this.to = new SimpleSerializedType(readAs, revision);
    }

    /** {@code ImpactCorrected} (until December 2026) is {@code IncidentImpactCorrected}. */
    public static EventRenamedUpcaster impactCorrected() {
        return new EventRenamedUpcaster("io.incidentledger.events.incident.ImpactCorrected",
                "io.incidentledger.events.incident.IncidentImpactCorrected", "1");
    }

    /** {@code PostmortemPublished} (until December 2026) is {@code IncidentPostmortemPublished}. */
    public static EventRenamedUpcaster postmortemPublished() {
        return new EventRenamedUpcaster("io.incidentledger.events.incident.PostmortemPublished",
                "io.incidentledger.events.incident.IncidentPostmortemPublished", "1");
    }

    String storedAs() {
        return from.getName();
    }

    String readAs() {
        return to.getName();
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(from);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, byte[].class, Function.identity());
    }
}
