package io.incidentledger.query.config;

import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.Processors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only handler in the same processing group as the incident projection (so in the same batches and
 * transactions): it throws for a chosen update the first N times it sees it, and otherwise records what it
 * handled, in order. An event it never handled successfully was skipped.
 */
@ProcessingGroup(Processors.INCIDENTS)
public class FlakyIncidentHandler {

    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    /** The next {@code times} deliveries of the update {@code updateId} fail. */
    public void failNextDeliveries(String updateId, int times) {
        failuresLeft.put(updateId, new AtomicInteger(times));
    }

    public int deliveries(String updateId) {
        AtomicInteger count = deliveries.get(updateId);
        return count == null ? 0 : count.get();
    }

    /** Update ids handled without failing, in the order they were handled. */
    public List<String> handled() {
        return List.copyOf(handled);
    }

    @EventHandler
    void on(IncidentUpdatePosted event) {
        deliveries.computeIfAbsent(event.updateId(), id -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = failuresLeft.get(event.updateId());
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("simulated projection failure on update " + event.updateId());
        }
        handled.add(event.updateId());
    }
}
