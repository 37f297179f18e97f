package io.incidentledger.query.announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
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

        await().atMost(DEADLINE).until(() -> changes(incident).size() == 1);
        // The component's new status is announced once it has held for the settle time (two seconds).
        awaitSettling(component, "partial_outage");
        assertThat(changes(component)).isEmpty();
        clock.set(now.plusSeconds(3));
        await().atMost(DEADLINE).until(() -> changes(component).size() == 1);
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
        // Entered and resolved a moment apart, the component moved for a moment at most: no news either.
        clock.set(now.plusSeconds(3));
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> changes(component).isEmpty());
    }

    @Test
    void aComponentThatMovesAndComesBackWithinTheSettleTimeIsNotAnnounced() {
        String component = registerComponent("flicker");
        awaitFirstSight(component);

        String incident = openIncident(now, declare(component, ComponentStatus.MAJOR_OUTAGE));
        awaitSettling(component, "major_outage");
        resolveIncident(incident, now);
        await().atMost(DEADLINE).until(() -> changes(incident).size() == 2);
        await().atMost(DEADLINE).until(() -> settling(component) == null);

        clock.set(now.plusSeconds(3));
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> changes(component).isEmpty());
        assertThat(changes(incident)).containsExactly("incident_opened", "incident_resolved");
    }

    /**
     * A backdated incident still open is filed, not announced, but the component it holds down now is a current
     * status, and an update posted now is news.
     */
    @Test
    void aBackdatedIncidentIsFiledButWhatItChangesNowAndItsNextUpdateAreNews() {
        String component = registerComponent("late");
        awaitFirstSight(component);

        String incident = openIncident(now.minus(2, ChronoUnit.DAYS), declare(component, ComponentStatus.MAJOR_OUTAGE));
        awaitSettling(component, "major_outage");
        clock.set(now.plusSeconds(3));
        await().atMost(DEADLINE).until(() -> changes(component).size() == 1);
        assertThat(changes(incident)).isEmpty();

        postUpdate(incident, IncidentStatus.IDENTIFIED, Instant.now(), declare(component, ComponentStatus.MAJOR_OUTAGE));
        await().atMost(DEADLINE).until(() -> changes(incident).size() == 1);
        assertThat(changes(incident)).containsExactly("incident_updated");
        assertThat(changes(component)).hasSize(1);
    }

    @Test
    void aCorrectionOfThePastNotifiesNobody() {
        String component = registerComponent("corrected");
        awaitFirstSight(component);
        String incident = openIncident(now.minusSeconds(900), declare(component, ComponentStatus.DEGRADED_PERFORMANCE));
        resolveIncident(incident, now.minusSeconds(300));
        await().atMost(DEADLINE).until(() -> changes(incident).size() == 2);
        long before = announcements();

        append("Incident", incident, new IncidentImpactCorrected(incident, uniqueId("cor"), component,
                ComponentStatus.MAJOR_OUTAGE, now.minusSeconds(900), now.minusSeconds(600), "It was worse."));
        awaitProjections();
        await().atMost(DEADLINE).until(() -> pending(incident) == 0);
        clock.set(now.plusSeconds(3));
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> announcements() == before);
    }

    /** A reminder an hour before a planned maintenance starts, once; none for one announced within that hour. */
    @Test
    void aPlannedMaintenanceIsRemindedOfOnceAnHourBeforeItStarts() {
        String component = registerComponent("reminded");
        awaitFirstSight(component);
        Instant from = now.plus(90, ChronoUnit.MINUTES);
        String maintenance = scheduleMaintenance(now, from, from.plus(1, ChronoUnit.HOURS),
                declare(component, ComponentStatus.UNDER_MAINTENANCE));
        await().atMost(DEADLINE).until(() -> changes(maintenance).size() == 1);
        assertThat(changes(maintenance)).containsExactly("maintenance_scheduled");

        clock.set(now.plus(31, ChronoUnit.MINUTES));
        await().atMost(DEADLINE).until(() -> changes(maintenance).size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> changes(maintenance).size() == 2);
        assertThat(changes(maintenance)).containsExactly("maintenance_scheduled", "maintenance_reminder");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM announcement_component c JOIN announcement a "
                        + "ON a.announcement_id = c.announcement_id WHERE a.change_type = 'maintenance_reminder' "
                        + "AND a.subject_id = ? AND c.component_id = ?")
                .params(maintenance, component).query(Long.class).single()).isEqualTo(1);

        // Announced within the hour before its start: that announcement said when; no reminder follows.
        Instant soon = clock.instant().plus(20, ChronoUnit.MINUTES);
        String late = scheduleMaintenance(clock.instant(), soon, soon.plus(1, ChronoUnit.HOURS),
                declare(component, ComponentStatus.UNDER_MAINTENANCE));
        await().atMost(DEADLINE).until(() -> changes(late).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> changes(late).size() == 1);
    }

    /** The status the announcer has seen for {@code component} and waits to hold for the settle time, if any. */
    private String settling(String component) {
        return jdbc.sql("SELECT pending_status FROM announced_component_status WHERE component_id = ?")
                .param(component).query(String.class).optional().orElse(null);
    }

    private void awaitSettling(String component, String status) {
        await("settling " + component + " at " + status).atMost(DEADLINE)
                .until(() -> status.equals(settling(component)));
    }

    private long announcements() {
        return jdbc.sql("SELECT COUNT(*) FROM announcement").query(Long.class).single();
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
