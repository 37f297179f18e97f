package io.incidentledger.query.changes;

import java.time.Instant;

/**
 * A projection has committed the effect of one event: what the public documents (status, summary, the page,
 * the feed, the stream) are built from may have changed. Published as a Spring application event on every
 * query-service instance by {@link ProjectionChanges}, after the projection's transaction committed (so a
 * listener that reads the read models sees the change), in order per processor, on its poller thread.
 *
 * @param processor     the processing group that projected it, one of {@link io.incidentledger.query.Processors#READ_MODELS}
 * @param position      the event's position in the store (its global index); increases with every event
 * @param aggregateId   the component or incident the event is about
 * @param eventType     the event's simple class name, e.g. {@code IncidentUpdatePosted}
 * @param recordedAt    when the event was recorded
 */
public record ProjectionChanged(String processor, long position, String aggregateId, String eventType,
                                Instant recordedAt) {
}
