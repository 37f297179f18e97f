package io.incidentledger.query.announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.QueryApiTest;
import tools.jackson.databind.JsonNode;

/** What the announcer makes of the events: news once, in the Statuspage vocabulary. */
class AnnouncerTest extends QueryApiTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void anIncidentOpenedOnAComponentIsAnnouncedOnceWithTheComponentsChange() throws Exception {
        String component = registerComponent("news");
        awaitFirstSight(component);

        String incident = openIncident(now, declare(component, ComponentStatus.PARTIAL_OUTAGE));

        await().atMost(DEADLINE).until(() -> changes(incident).size() == 1 && changes(component).size() == 1);
        assertThat(changes(incident)).containsExactly("incident_opened");
        JsonNode opened = body(incident);
        assertThat(opened.get("incident").get("id").asString()).isEqualTo(incident);
        assertThat(opened.get("incident").get("components").get(0).get("id").asString()).isEqualTo(component);
        JsonNode update = body(component).get("component_update");
        assertThat(update.get("old_status").asString()).isEqualTo("operational");
        assertThat(update.get("new_status").asString()).isEqualTo("partial_outage");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM announcement_component c JOIN announcement a "
                        + "ON a.announcement_id = c.announcement_id WHERE a.subject_id = ? AND c.component_id = ?")
                .params(incident, component).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anIncidentEnteredDaysAfterItBeganIsFiledNotAnnounced() {
        String component = registerComponent("backdated");
        awaitFirstSight(component);

        String incident = openIncident(now.minus(2, ChronoUnit.DAYS), declare(component, ComponentStatus.MAJOR_OUTAGE));
        resolveIncident(incident, now.minus(1, ChronoUnit.DAYS));
        awaitProjections();

        await().atMost(DEADLINE).until(() -> pending(incident) == 0);
        assertThat(changes(incident)).isEmpty();
    }

    private void awaitFirstSight(String component) {
        awaitProjections();
        await().atMost(DEADLINE).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM announced_component_status WHERE component_id = ?").param(component)
                .query(Long.class).single() == 1);
    }

    private List<String> changes(String subject) {
        return jdbc.sql("SELECT change_type FROM announcement WHERE subject_id = ? ORDER BY announcement_id")
                .param(subject).query(String.class).list();
    }

    private long pending(String subject) {
        return jdbc.sql("SELECT COUNT(*) FROM announcement_pending WHERE subject_id = ?").param(subject)
                .query(Long.class).single();
    }

    private JsonNode body(String subject) throws Exception {
        return JSON.readTree(jdbc.sql("SELECT body FROM announcement WHERE subject_id = ? ORDER BY announcement_id")
                .param(subject).query(String.class).list().get(0));
    }
}
