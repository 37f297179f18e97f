package io.incidentledger.query.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The streaming processors' segments that are stuck on an error (retrying with back-off), and the processors that
 * stopped after one, read from the processors' own status. Shared by the two health indicators.
 */
final class ProcessorFailures {

    /**
     * One failing segment ({@code segment} -1: the whole processor stopped after an error).
     *
     * @param position the position of the last event the segment committed (its token), -1 if none
     */
    record Failure(String processor, int segment, long position, Throwable error) {

        Map<String, Object> describe() {
            var description = new java.util.LinkedHashMap<String, Object>();
            description.put("processor", processor);
            if (segment >= 0) {
                description.put("segment", segment);
            }
            description.put("position", position);
            description.put("error", ProcessorFailures.describe(error));
            return description;
        }
    }

    private ProcessorFailures() {
    }

    static List<Failure> of(EventProcessingConfiguration processing) {
        List<Failure> failures = new ArrayList<>();
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                continue;
            }
            boolean segmentFailing = false;
            for (Map.Entry<Integer, EventTrackerStatus> status : processor.processingStatus().entrySet()) {
                EventTrackerStatus tracker = status.getValue();
                if (tracker.isErrorState()) {
                    segmentFailing = true;
                    failures.add(new Failure(entry.getKey(), status.getKey(),
                            tracker.getCurrentPosition().orElse(-1), tracker.getError()));
                }
            }
            if (!segmentFailing && processor.isError()) {
                failures.add(new Failure(entry.getKey(), -1, -1,
                        new IllegalStateException("the processor stopped after an error; restart it or the service")));
            }
        }
        return failures;
    }

    /** The error and, if another, its root cause: what an operator needs to read first. */
    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = error.getClass().getName() + ": " + error.getMessage();
        return root == error ? top : top + " (caused by " + root.getClass().getName() + ": " + root.getMessage() + ")";
    }
}
