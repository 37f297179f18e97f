package io.incidentledger.query.config;

import io.incidentledger.query.Processors;
import io.incidentledger.query.database.DatabaseWatch;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Readiness: not ready for a projection stuck while the database answers; ready through a database outage. */
class ProjectionReadinessIndicatorTest {

    private final Map<String, EventProcessor> processors = new LinkedHashMap<>();
    private final DatabaseWatch database = new DatabaseWatch();

    private Health readiness() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(processors);
        return new ProjectionReadinessIndicator(processing, database).health();
    }

    private static StreamingEventProcessor processor(long position, Throwable error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(status.isErrorState()).thenReturn(error != null);
        when(status.getError()).thenReturn(error);
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.isRunning()).thenReturn(true);
        when(processor.processingStatus()).thenReturn(Map.of(0, status));
        return processor;
    }

    @Test
    void readyWhileEveryProcessorProcesses() {
        processors.put(Processors.INCIDENTS, processor(12, null));
        assertThat(readiness().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void notReadyWhenAProjectionIsStuckAndTheDatabaseAnswers() {
        processors.put(Processors.COMPONENTS, processor(40, null));
        processors.put(Processors.INCIDENTS, processor(17, new IllegalStateException("handler failed",
                new SQLException("Syntax error in SQL statement \"... ON CONFLICT DO NOTHING\"", "42000"))));

        Health health = readiness();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails().get("failing").toString())
                .contains("processor=incidents", "segment=0", "position=17", "handler failed", "ON CONFLICT")
                .doesNotContain("components");
    }

    @Test
    void readyThroughADatabaseOutageSoTheStalePageKeepsBeingServed() {
        processors.put(Processors.INCIDENTS, processor(17,
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")));

        Health health = readiness();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("databaseUnreachable", true);
        assertThat(health.getDetails().get("retrying").toString()).contains("incidents", "position=17");
    }

    @Test
    void readyWhileTheServiceKnowsTheDatabaseIsGoneWhateverTheProcessorSays() {
        database.unreachable(new CannotGetJdbcConnectionException("gone"));
        processors.put(Processors.INCIDENTS, processor(17, new IllegalStateException("wrapped oddly")));

        assertThat(readiness().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void notReadyWhenAProcessorStoppedAfterAnError() {
        StreamingEventProcessor stopped = mock(StreamingEventProcessor.class);
        when(stopped.isError()).thenReturn(true);
        when(stopped.processingStatus()).thenReturn(Map.of());
        processors.put(Processors.AUDIT, stopped);

        Health health = readiness();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails().get("failing").toString()).contains("processor=audit", "stopped");
    }
}
