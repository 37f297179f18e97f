package io.incidentledger.query.status;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board replays the history once per change of the read models, not once per caller: between changes it
 * answers from the timelines it kept, and any committed projection change, or a rebuild, makes it replay. The
 * tables are edited behind the projections' back to tell the two apart.
 */
class StatusBoardTest extends QueryApiTest {

    @Autowired
    StatusBoard board;

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
    void betweenChangesTheKeptTimelinesAnswerAndACommittedChangeReplaysThem() {
        String web = registerComponent("web");
        Instant since = now.minus(Duration.ofHours(1));
        String incident = openIncident(since, declare(web, MAJOR));
        awaitProjections();
        assertThat(component(web).status()).isEqualTo("major_outage");

        degradeBehindTheProjections(incident);
        // No projection committed anything: the kept timelines answer, the edited row is not read.
        assertThat(component(web).status()).isEqualTo("major_outage");
        assertThat(component(web).since()).isEqualTo(since);

        // Any projection's commit moves the progress, whatever it changed: the next answer is replayed.
        String other = registerComponent("other");
        awaitProjections();
        assertThat(component(web).status()).isEqualTo("degraded_performance");
        assertThat(component(web).since()).isEqualTo(since);
        assertThat(board.current().components()).extracting(StatusBoard.ComponentStatusView::id).contains(other);
    }

    @Test
    void aRebuildReplaysThemThoughItRecordsNoProgress() {
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
}
