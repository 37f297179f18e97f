package io.incidentledger.query.status;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.Sql;
import io.incidentledger.query.availability.Timelines;
import io.incidentledger.query.availability.Timelines.ComponentTimeline;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.downtime.Window;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board keeps its timelines between changes and, after one, replays only the incidents it touched. The tables
 * are edited behind the projections' back to tell a kept answer from a replayed one; and over a random history the
 * board brought up to date change by change must equal the whole history replayed afresh.
 */
class StatusBoardTest extends QueryApiTest {

    @Autowired
    StatusBoard board;

    @Autowired
    Timelines timelines;

    @Autowired
    ApplicationEventPublisher publisher;

    private StatusBoard.ComponentStatusView component(String id) {
        return board.current().components().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private void degradeBehindTheProjections(String incident) {
        int edited = jdbc.sql("UPDATE incident_fact SET status = 'degraded_performance' WHERE incident_id = ? "
                + "AND kind = 'declared'").param(incident).update();
        assertThat(edited).isEqualTo(1);
    }

    @Test
    void betweenChangesTheKeptTimelinesAnswerAndAChangeReplaysTheIncidentsItTouched() {
        String web = registerComponent("web");
        Instant since = now.minus(Duration.ofHours(1));
        String incident = openIncident(since, declare(web, MAJOR));
        awaitProjections();
        assertThat(component(web).status()).isEqualTo("major_outage");

        degradeBehindTheProjections(incident);
        // No projection committed anything: the kept timelines answer, the edited row is not read.
        assertThat(component(web).status()).isEqualTo("major_outage");

        // A change that does not touch the incident: the new component shows, the incident is not read again.
        String other = registerComponent("other");
        awaitProjections();
        assertThat(board.current().components()).extracting(StatusBoard.ComponentStatusView::id).contains(other);
        assertThat(component(web).status()).isEqualTo("major_outage");

        // An update to the incident: it is replayed from its facts as they now are.
        postUpdate(incident, IncidentStatus.IDENTIFIED, now.minus(Duration.ofMinutes(30)));
        awaitProjections();
        assertThat(component(web).status()).isEqualTo("degraded_performance");
        assertThat(component(web).since()).isEqualTo(since);
    }

    @Test
    void aRebuildReplaysTheWholeHistoryThoughItRecordsNoChange() {
        String db = registerComponent("db");
        String incident = openIncident(now.minus(Duration.ofMinutes(20)), declare(db, MAJOR));
        awaitProjections();
        assertThat(component(db).status()).isEqualTo("major_outage");

        degradeBehindTheProjections(incident);
        assertThat(component(db).status()).isEqualTo("major_outage");
        publisher.publishEvent(new ProjectionsRebuilt(List.of(), -1));
        assertThat(component(db).status()).isEqualTo("degraded_performance");
    }

    @Test
    void theKeptTimelinesAreEvaluatedAtEachAnswersOwnInstant() {
        String cdn = registerComponent("cdn");
        // Declared to begin in two minutes: not yet at now, and the board learns nothing new when it begins.
        Instant begins = now.plus(Duration.ofMinutes(2));
        openIncident(begins, declare(cdn, MAJOR));
        awaitProjections();
        assertThat(component(cdn).status()).isEqualTo("operational");
        assertThat(component(cdn).since()).isNull();

        clock.set(begins);
        assertThat(component(cdn).status()).isEqualTo("major_outage");
        assertThat(component(cdn).since()).isEqualTo(begins);
    }

    /**
     * Opens, updates, resolves, reopens and corrects incidents, runs maintenances and registers components in a
     * random order (a fixed seed), and after every step compares each component's and group's status and "since"
     * on the board with the whole history replayed afresh.
     */
    @Test
    void changeByChangeTheBoardEqualsTheWholeHistoryReplayed() {
        Random random = new Random(20261208);
        String group = uniqueId("group");
        List<String> components = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            components.add(registerComponent("c" + i, i < 3 ? group : null, i));
        }
        List<String> open = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        ComponentStatus[] troubles = {DEGRADED, PARTIAL, MAJOR};
        Instant at = now.minus(Duration.ofDays(2));
        for (int step = 0; step < 40; step++) {
            at = at.plus(Duration.ofMinutes(1 + random.nextInt(60)));
            String component = components.get(random.nextInt(components.size()));
            ComponentStatus trouble = troubles[random.nextInt(troubles.length)];
            int action = random.nextInt(8);
            if (action <= 1 || open.isEmpty()) {
                open.add(openIncident(at, declare(component, trouble)));
            } else if (action == 2) {
                postUpdate(open.get(random.nextInt(open.size())), IncidentStatus.IDENTIFIED, at,
                        declare(component, random.nextBoolean() ? trouble : OPERATIONAL));
            } else if (action == 3) {
                String incident = open.remove(random.nextInt(open.size()));
                resolveIncident(incident, at);
                resolved.add(incident);
            } else if (action == 4 && !resolved.isEmpty()) {
                String incident = resolved.remove(random.nextInt(resolved.size()));
                append("Incident", incident, new IncidentReopened(incident, uniqueId("upd"), "It came back.", at,
                        List.of(declare(component, trouble))));
                open.add(incident);
            } else if (action == 5) {
                String incident = open.get(random.nextInt(open.size()));
                Instant from = at.minus(Duration.ofMinutes(30 + random.nextInt(120)));
                append("Incident", incident, new IncidentImpactCorrected(incident, uniqueId("cor"), component,
                        trouble, from, from.plus(Duration.ofMinutes(10)), "As the logs show."));
            } else if (action == 6) {
                String maintenance = scheduleMaintenance(at.minus(Duration.ofDays(1)), at,
                        at.plus(Duration.ofMinutes(20)), declare(component, UNDER_MAINTENANCE));
                startMaintenance(maintenance, at, true);
                if (random.nextBoolean()) {
                    completeMaintenance(maintenance, at.plus(Duration.ofMinutes(20)), true);
                }
            } else {
                components.add(registerComponent("late", group, components.size()));
            }
            awaitProjections();
            assertThat(statuses(board.current())).as("after step %d", step).isEqualTo(replayedAfresh());
        }
    }

    /** Each component's and group's status and since, by id and by group name. */
    private static Map<String, String> statuses(StatusBoard.Status status) {
        Map<String, String> statuses = new LinkedHashMap<>();
        status.components().forEach(c -> statuses.put(c.id(), c.status() + " since " + c.since()));
        status.groups().forEach(g -> statuses.put("group " + g.name(), g.status() + " since " + g.since()));
        return statuses;
    }

    private Map<String, String> replayedAfresh() {
        Instant at = clock.instant();
        List<ComponentTimeline> replayed =
                timelines.activeComponents(new Window(Instant.EPOCH, at.plusNanos(1)), Sql.END_OF_TIME, null);
        Map<String, String> statuses = new LinkedHashMap<>();
        replayed.forEach(c -> statuses.put(c.component().id(),
                c.timeline().statusAt(at).toString() + " since " + c.timeline().since(at).orElse(null)));
        Timelines.groups(replayed).forEach(g -> statuses.put("group " + g.name(),
                g.timeline().statusAt(at).toString() + " since " + g.timeline().since(at).orElse(null)));
        return statuses;
    }
}
