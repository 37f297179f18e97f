package io.incidentledger.store.upcasting;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ComponentRegistered} revision 1 to 2: adds the display flags with the values every component had before
 * they existed: shown ({@code showcase} true), whatever its status ({@code onlyShowIfDegraded} false).
 *
 * <p>Works on {@link ObjectNode}, Jackson 3's tree: the events' serializer ({@code jackson3}) registers the
 * converters from the stored bytes to it and back. The type name and the values are literals on purpose: they
 * describe what was stored, which no later change to the event class may alter.
 */
public final class ComponentRegistered1To2Upcaster extends SingleEventUpcaster {

    static final String TYPE = "io.incidentledger.events.component.ComponentRegistered";
    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(TYPE, "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, ObjectNode.class, payload -> payload
                .put("showcase", true)
                .put("onlyShowIfDegraded", false));
    }
}
