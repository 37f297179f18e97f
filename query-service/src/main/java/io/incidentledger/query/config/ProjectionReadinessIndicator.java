package io.incidentledger.query.config;

import io.incidentledger.query.database.DatabaseWatch;
import io.incidentledger.store.DatabaseFailures;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Whether this instance should take readers, as far as the projections go: part of the readiness group
 * ({@code /actuator/health/readiness}, see application.yml), next to Spring's own readiness state.
 *
 * <p>Two failures look alike in the processors' status and call for opposite answers:
 * <ul>
 *   <li>The database is unreachable. Every processor fails to fetch, and every instance alike; the page answers
 *   from the last known data, marked stale. Taking the instance out of rotation would take the whole page down
 *   with it, so this stays UP (with what is retrying in the details); {@code /actuator/health} is DOWN meanwhile.</li>
 *   <li>The database answers, but a processor is stuck on an event (a handler failing on it, every write rejected).
 *   The page then serves a read model that silently stops at that event while claiming to be fresh: this instance
 *   is not ready (OUT_OF_SERVICE, 503), naming the processor, its position and the error.</li>
 * </ul>
 * A failure is the first kind if its error is a connectivity failure ({@link DatabaseFailures#isUnreachable}) or
 * while the service knows the database is unreachable ({@link DatabaseWatch#staleness}).
 */
@Component("projectionsReadiness")
class ProjectionReadinessIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final DatabaseWatch database;

    ProjectionReadinessIndicator(EventProcessingConfiguration processing, DatabaseWatch database) {
        this.processing = processing;
        this.database = database;
    }

    @Override
    public Health health() {
        List<ProcessorFailures.Failure> failures = ProcessorFailures.of(processing);
        if (failures.isEmpty()) {
            return Health.up().build();
        }
        boolean databaseUnreachable = database.staleness().isPresent();
        List<ProcessorFailures.Failure> stuck = failures.stream()
                .filter(f -> !databaseUnreachable && !DatabaseFailures.isUnreachable(f.error()))
                .toList();
        if (stuck.isEmpty()) {
            return Health.up()
                    .withDetail("databaseUnreachable", true)
                    .withDetail("note", "processors retry until the database is back; the page serves the last "
                            + "known data, marked stale")
                    .withDetail("retrying", failures.stream().map(ProcessorFailures.Failure::describe).toList())
                    .build();
        }
        return Health.status(Status.OUT_OF_SERVICE)
                .withDetail("reason", "a projection is stuck on an event while the database is reachable: "
                        + "the read models stop there")
                .withDetail("failing", stuck.stream().map(ProcessorFailures.Failure::describe).toList())
                .build();
    }
}
