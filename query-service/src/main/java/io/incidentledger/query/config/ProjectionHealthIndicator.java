package io.incidentledger.query.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Projections must never fall behind silently. A segment stuck on a failing event (retrying with back-off,
 * see {@link EventStoreConfiguration}), or a processor that stopped after an error, makes the service report DOWN
 * ({@code /actuator/health}), with the processor, the error and the position it is stuck at. Whatever the cause,
 * the database's outage included: readiness tells the two apart ({@link ProjectionReadinessIndicator}).
 */
@Component("projections")
class ProjectionHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    ProjectionHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean failing = false;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                continue;
            }
            var segments = new LinkedHashMap<String, Object>();
            for (Map.Entry<Integer, EventTrackerStatus> status : processor.processingStatus().entrySet()) {
                EventTrackerStatus tracker = status.getValue();
                var segment = new LinkedHashMap<String, Object>();
                segment.put("caughtUp", tracker.isCaughtUp());
                segment.put("replaying", tracker.isReplaying());
                tracker.getCurrentPosition().ifPresent(p -> segment.put("position", p));
                if (tracker.isErrorState()) {
                    failing = true;
                    segment.put("error", ProcessorFailures.describe(tracker.getError()));
                }
                segments.put(String.valueOf(status.getKey()), segment);
            }
            var processorDetails = new LinkedHashMap<String, Object>();
            processorDetails.put("running", processor.isRunning());
            if (processor.isError()) {
                failing = true;
                processorDetails.put("error", "the processor stopped after an error");
            }
            processorDetails.put("segments", segments);
            details.put(entry.getKey(), processorDetails);
        }
        return (failing ? Health.down() : Health.up()).withDetails(details).build();
    }
}
