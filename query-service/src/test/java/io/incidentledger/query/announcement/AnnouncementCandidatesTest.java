package io.incidentledger.query.announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.QueryApiTest;

/** The announcements processor records every incident and component event once, at its position in the store. */
class AnnouncementCandidatesTest extends QueryApiTest {

    @Autowired
    ReadModelProgress progress;

    @Test
    void everyIncidentAndComponentEventBecomesOnePendingCandidateAtItsPosition() {
        String component = registerComponent("announce");
        String incident = openIncident(now, declare(component, ComponentStatus.PARTIAL_OUTAGE));
        resolveIncident(incident, now.plusSeconds(60));
        awaitProjections();

        List<String> types = jdbc.sql("""
                        SELECT p.event_type FROM announcement_pending p
                        JOIN DomainEventEntry e ON e.globalIndex = p.position
                        WHERE p.subject_id IN (?, ?) AND e.aggregateIdentifier = p.subject_id
                        ORDER BY p.position""")
                .params(component, incident).query(String.class).list();
        assertThat(types).containsExactly("ComponentRegistered", "IncidentOpened", "IncidentResolved");
    }

    @Test
    void theReadModelsHavePassedEverythingTheyHaveHandled() {
        String component = registerComponent("passed");
        openIncident(now, declare(component, ComponentStatus.MAJOR_OUTAGE));
        awaitProjections();
        long head = jdbc.sql("SELECT MAX(globalIndex) FROM DomainEventEntry").query(Long.class).single();

        // The stored tokens lag the processors by up to Axon's event-availability timeout (1 s).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(progress.passedThrough()).hasValue(head));
    }
}
