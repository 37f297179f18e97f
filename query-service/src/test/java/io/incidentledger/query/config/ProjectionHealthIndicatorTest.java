package io.incidentledger.query.config;

import io.incidentledger.query.Processors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The health of the projections, from the processors' own status, without starting anything. */
class ProjectionHealthIndicatorTest {

    private final Map<String, EventProcessor> processors = new LinkedHashMap<>();

    private Health health() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(processors);
        return new ProjectionHealthIndicator(processing).health();
    }

    private static EventTrackerStatus segment(long position, boolean caughtUp, Throwable error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.isCaughtUp()).thenReturn(caughtUp);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(status.isErrorState()).thenReturn(error != null);
        when(status.getError()).thenReturn(error);
        return status;
    }

    private static StreamingEventProcessor processor(boolean running, EventTrackerStatus... segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.isRunning()).thenReturn(running);
        Map<Integer, EventTrackerStatus> status = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            status.put(i, segments[i]);
        }
        when(processor.processingStatus()).thenReturn(status);
        return processor;
    }

    @Test
    void upWhileEverySegmentProcesses() {
        processors.put(Processors.COMPONENTS, processor(true, segment(41, true, null)));
        processors.put(Processors.INCIDENTS, processor(true, segment(40, false, null), segment(41, true, null)));

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys(Processors.COMPONENTS, Processors.INCIDENTS);
        assertThat(health.getDetails().get(Processors.INCIDENTS).toString()).contains("position=40", "caughtUp=false");
    }

    @Test
    void downWhenAnySegmentIsStuckOnAnError() {
        processors.put(Processors.COMPONENTS, processor(true, segment(41, true, null)));
        processors.put(Processors.INCIDENTS, processor(true, segment(17, false, new IllegalStateException("disk full")),
                segment(41, true, null)));

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get(Processors.INCIDENTS).toString()).contains("disk full", "position=17");
        assertThat(health.getDetails().get(Processors.COMPONENTS).toString()).doesNotContain("error");
    }

    @Test
    void processorsThatDoNotStreamAreLeftOut() {
        processors.put("live", mock(SubscribingEventProcessor.class));
        processors.put(Processors.INCIDENTS, processor(true, segment(3, true, null)));

        assertThat(health().getStatus()).isEqualTo(Status.UP);
        assertThat(health().getDetails()).containsOnlyKeys(Processors.INCIDENTS);
    }
}
