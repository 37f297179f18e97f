package io.incidentledger.query.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import io.incidentledger.query.Processors;
import io.incidentledger.query.QueryApiTest;

/** Every committed projection change is announced on this instance, in order, and can be read back. */
class ProjectionChangesTest extends QueryApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    ProjectionChanges changes;

    @Test
    void aProjectedEventIsAnnouncedAfterCommitAndCanBeResumedFrom() {
        List<ProjectionChanged> heard = new CopyOnWriteArrayList<>();
        context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<ProjectionChanged>>)
                event -> heard.add(event.getPayload()));
        long before = changes.latestPosition();

        String component = registerComponent("announced");
        String incident = openIncident(now.minusSeconds(60), declare(component, MAJOR));

        await("both changes announced").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(heard).extracting(ProjectionChanged::aggregateId).contains(component, incident));
        ProjectionChanged registered = heard.stream().filter(c -> c.aggregateId().equals(component)).findFirst()
                .orElseThrow();
        ProjectionChanged opened = heard.stream().filter(c -> c.aggregateId().equals(incident)).findFirst()
                .orElseThrow();
        assertThat(registered.processor()).isEqualTo(Processors.COMPONENTS);
        assertThat(registered.eventType()).isEqualTo("ComponentRegistered");
        assertThat(opened.processor()).isEqualTo(Processors.INCIDENTS);
        assertThat(opened.eventType()).isEqualTo("IncidentOpened");
        assertThat(opened.position()).isGreaterThan(registered.position());

        // The incident's read model is already there when its change is announced.
        assertThat(getJson("/api/incidents/" + incident).path("id").asString()).isEqualTo(incident);

        assertThat(changes.since(before, 1000)).extracting(ProjectionChanged::aggregateId)
                .contains(component, incident);
        assertThat(changes.since(opened.position(), 1000)).extracting(ProjectionChanged::position)
                .allMatch(p -> p > opened.position());
    }

    @Test
    void theIncidentsAChangeTouchedAreNamedUnlessTooManyOrPurged() {
        String component = registerComponent("touched");
        openIncident(now.minusSeconds(300)); // so that rows up to `before` exist, whatever ran before this test
        awaitProjections();
        long before = changes.positions().get(Processors.INCIDENTS);
        String first = openIncident(now.minusSeconds(120), declare(component, MAJOR));
        String second = openIncident(now.minusSeconds(60), declare(component, DEGRADED));
        postUpdate(first, io.incidentledger.events.IncidentStatus.IDENTIFIED, now.minusSeconds(30));
        awaitProjections();
        long after = changes.positions().get(Processors.INCIDENTS);
        assertThat(after).isGreaterThan(before);
        assertThat(changes.progress()).isEqualTo(changes.positions().values().stream().mapToLong(Long::longValue).sum());

        assertThat(changes.aggregatesChanged(Processors.INCIDENTS, before, after, 10)).contains(
                java.util.Set.of(first, second));
        assertThat(changes.aggregatesChanged(Processors.INCIDENTS, before, after, 1)).as("more than the limit")
                .isEmpty();
        assertThat(changes.aggregatesChanged(Processors.INCIDENTS, after, after, 10)).contains(java.util.Set.of());

        // The purge took every row up to and including `before`: what came after it can no longer be told.
        jdbc.sql("DELETE FROM projection_change WHERE processor = ? AND position <= ?")
                .params(Processors.INCIDENTS, before).update();
        assertThat(changes.aggregatesChanged(Processors.INCIDENTS, before, after, 10)).as("purged").isEmpty();
        assertThat(changes.aggregatesChanged(Processors.INCIDENTS, after - 1, after, 10)).isPresent();
    }
}
