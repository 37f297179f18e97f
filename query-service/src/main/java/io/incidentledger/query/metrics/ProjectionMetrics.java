package io.incidentledger.query.metrics;

import io.incidentledger.query.Processors;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far behind each projection is, for {@code /actuator/prometheus}:
 * <ul>
 *   <li>{@code ledger_projection_lag_events{processor}}: the event store's head (highest global index) minus the
 *   processor's position (its lowest segment's token); 0 when caught up.</li>
 *   <li>{@code ledger_projection_lag_seconds{processor}}: now minus the time of the oldest event the processor has
 *   not processed yet; 0 when caught up. It grows while a processor is stuck, even when nothing new arrives.</li>
 *   <li>{@code ledger_projection_position{processor}} and {@code ledger_event_store_head}: the two raw numbers.</li>
 *   <li>{@code ledger_projection_failing_segments{processor}}: segments stuck on an error (retrying), plus one if
 *   the processor stopped after an error.</li>
 *   <li>{@code ledger_projection_rebuilds_total}: completed rebuilds on this instance.</li>
 * </ul>
 * Positions are known only on the instance whose processor holds the segments: elsewhere the processor's gauges are
 * NaN (take the max per processor across instances). The store is read at most every 250 ms (one scrape reads it once), and NaN
 * while the database cannot be reached.
 */
@Component
public class ProjectionMetrics {

    /** Every streaming processor of the service: the read models, the audit chain and the announcements. */
    private static final List<String> PROCESSORS = List.of(Processors.COMPONENTS, Processors.INCIDENTS,
            Processors.MAINTENANCES, Processors.AUDIT, Processors.ANNOUNCEMENTS);

    private static final Duration SAMPLE_TTL = Duration.ofMillis(250);

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();
    private final Counter rebuilds;
    private volatile Sample head;
    private final Map<String, Sample> oldestUnprocessed = new ConcurrentHashMap<>();

    /** A value read from the database, and when. {@code value} NaN if the read failed. */
    private record Sample(double value, long key, Instant at) {
    }

    ProjectionMetrics(EventProcessingConfiguration processing, JdbcClient jdbc, MeterRegistry registry) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.rebuilds = Counter.builder("ledger.projection.rebuilds")
                .description("Projection rebuilds completed on this instance").register(registry);
        Gauge.builder("ledger.event.store.head", this, ProjectionMetrics::head)
                .description("The event store's highest global index").register(registry);
        // By name, not from the processing configuration: that one is not initialised yet when this is created.
        for (String name : PROCESSORS) {
            register(registry, name);
        }
    }

    private void register(MeterRegistry registry, String name) {
        Gauge.builder("ledger.projection.lag.events", this, m -> m.lagEvents(name)).tag("processor", name)
                .description("Events in the store the processor has not processed yet").register(registry);
        Gauge.builder("ledger.projection.lag.seconds", this, m -> m.lagSeconds(name)).tag("processor", name)
                .description("Age of the oldest event the processor has not processed yet (0 when caught up)")
                .register(registry);
        Gauge.builder("ledger.projection.position", this, m -> {
                    OptionalLong position = m.position(name);
                    return position.isEmpty() ? Double.NaN : position.getAsLong();
                }).tag("processor", name)
                .description("The position (global index) of the last event the processor committed")
                .register(registry);
        Gauge.builder("ledger.projection.failing.segments", this, m -> m.failing(name)).tag("processor", name)
                .description("Segments of the processor stuck on an error, retrying").register(registry);
    }

    @EventListener
    void on(ProjectionsRebuilt rebuilt) {
        rebuilds.increment();
    }

    double head() {
        Sample sample = head;
        Instant now = clock.instant();
        if (sample == null || sample.at().plus(SAMPLE_TTL).isBefore(now)) {
            double value;
            try {
                value = jdbc.sql("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry")
                        .query(Long.class).single();
            } catch (RuntimeException e) {
                value = Double.NaN;
            }
            sample = new Sample(value, 0, now);
            head = sample;
        }
        return sample.value();
    }

    double lagEvents(String name) {
        OptionalLong position = position(name);
        double head = head();
        if (position.isEmpty() || Double.isNaN(head)) {
            return Double.NaN;
        }
        return Math.max(0, head - position.getAsLong());
    }

    double lagSeconds(String name) {
        OptionalLong position = position(name);
        if (position.isEmpty()) {
            return Double.NaN;
        }
        long after = position.getAsLong();
        Instant now = clock.instant();
        Sample sample = oldestUnprocessed.get(name);
        if (sample == null || sample.key() != after || sample.at().plus(SAMPLE_TTL).isBefore(now)) {
            double timestamp;
            try {
                Optional<String> oldest = jdbc.sql("""
                                SELECT timeStamp FROM DomainEventEntry WHERE globalIndex > ?
                                ORDER BY globalIndex LIMIT 1""")
                        .param(after).query(String.class).optional();
                timestamp = oldest.map(t -> (double) Instant.parse(t).toEpochMilli()).orElse(-1.0);
            } catch (RuntimeException e) {
                timestamp = Double.NaN;
            }
            sample = new Sample(timestamp, after, now);
            oldestUnprocessed.put(name, sample);
        }
        if (Double.isNaN(sample.value())) {
            return Double.NaN;
        }
        return sample.value() < 0 ? 0 : Math.max(0, (now.toEpochMilli() - sample.value()) / 1000.0);
    }

    /** The lowest position of the processor's segments held here; empty if it holds none (or has no token yet). */
    OptionalLong position(String name) {
        Collection<EventTrackerStatus> segments = streaming(name).map(p -> p.processingStatus().values())
                .orElse(List.of());
        if (segments.isEmpty()) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : segments) {
            OptionalLong position = segment.getCurrentPosition();
            lowest = Math.min(lowest, position.orElse(-1));
        }
        return OptionalLong.of(lowest);
    }

    double failing(String name) {
        return streaming(name).map(p -> p.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                .count() + (p.isError() ? 1 : 0)).orElse(0L);
    }

    private Optional<StreamingEventProcessor> streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }
}
