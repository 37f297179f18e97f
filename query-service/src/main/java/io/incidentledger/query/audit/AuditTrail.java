package io.incidentledger.query.audit;

import io.incidentledger.events.MetaDataKeys;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import io.incidentledger.query.asof.AsOf;

/**
 * Reads the event store itself, not a projection: what auditors see is what was recorded, in the order it
 * was recorded, whatever the read models make of it.
 */
@Service
public class AuditTrail {

    /** Metadata keys the command side fills (MessageOriginProvider and the actor correlation provider). */

    private final EventStore eventStore;
    private final EventStorageEngine storage;

    AuditTrail(EventStore eventStore, EventStorageEngine storage) {
        this.eventStore = eventStore;
        this.storage = storage;
    }

    /**
     * One incident's (or component's) events in order; empty if it has none. Under an {@code asOf} reading,
     * only those recorded by then.
     */
    public List<AuditEvent> history(String aggregateId) {
        Instant asOf = AsOf.instantOrNull();
        // From sequence 0, never from a snapshot: command-service snapshots busy incidents, and an auditor reads
        // every event as recorded, not the state a snapshot sums them up to.
        return eventStore.readEvents(aggregateId, 0).asStream()
                .filter(event -> asOf == null || !event.getTimestamp().isAfter(asOf))
                .map(event -> audit(null, event)).toList();
    }

    /**
     * Every event after {@code position} in global order, at most {@code limit}, to {@code sink}.
     *
     * @return the position of the last event given, or {@code position} if none
     */
    public long export(long position, int limit, Consumer<AuditEvent> sink) {
        // The JDBC engine reads from a gap-aware token. A plain cursor knows no gaps: an event whose transaction
        // was still in flight when an earlier page was read, and that got a lower position, is not in later
        // pages. Command transactions are short, so an export of settled history is complete.
        TrackingToken after = position < 0 ? null : GapAwareTrackingToken.newInstance(position, Set.of());
        long[] last = {position};
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(after, false).limit(limit)) {
            events.forEachOrdered(event -> {
                long at = event.trackingToken().position().orElseThrow();
                sink.accept(audit(at, (DomainEventMessage<?>) event));
                last[0] = at;
            });
        }
        return last[0];
    }

    private static AuditEvent audit(Long position, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        return new AuditEvent(position, event.getAggregateIdentifier(), event.getSequenceNumber(),
                event.getPayloadType().getSimpleName(), revisionOf(event.getPayloadType()), effectiveTime(payload),
                event.getTimestamp(), metadata(event, MetaDataKeys.ACTOR), metadata(event, MetaDataKeys.CORRELATION_ID), payload);
    }

    private static String revisionOf(Class<?> type) {
        org.axonframework.serialization.Revision revision =
                type.getAnnotation(org.axonframework.serialization.Revision.class);
        return revision != null ? revision.value() : null;
    }

    /** The payload's {@code at}, for events that carry an effective time. */
    private static Instant effectiveTime(Object payload) {
        if (payload instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals("at") && component.getType() == Instant.class) {
                    try {
                        return (Instant) component.getAccessor().invoke(record);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("Cannot read 'at' of " + record.getClass(), e);
                    }
                }
            }
        }
        return null;
    }

    private static String metadata(DomainEventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value != null ? value.toString() : null;
    }
}
