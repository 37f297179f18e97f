package io.incidentledger.query.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import io.incidentledger.query.Processors;
import io.incidentledger.query.QueryApiTest;

/** projection_change is purged of rows past their retention, and a live reader still hears every change. */
class ProjectionChangePurgeTest extends QueryApiTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    ProjectionChanges changes;

    @Autowired
    ProjectionChangePurge purge;

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM projection_change").query(Long.class).single();
    }

    @Test
    void oldRowsArePurgedButEachProcessorsNewestIsKept() {
        registerComponent("purged");
        awaitProjections();
        long latest = changes.latestPosition();
        long progress = changes.progress();
        // Everything written so far is an hour old.
        jdbc.sql("UPDATE projection_change SET committed_at = committed_at - INTERVAL '1' HOUR").update();
        assertThat(rows()).isGreaterThan(2);
        // Per processor that has recorded anything: which ones have depends on the tests that ran before in this
        // context (a maintenance event may not have been projected yet).
        long processorsWithRows = jdbc.sql("SELECT COUNT(DISTINCT processor) FROM projection_change")
                .query(Long.class).single();
        assertThat(processorsWithRows).isBetween(1L, (long) Processors.READ_MODELS.size());

        int purged = purge.purge(Duration.ofMinutes(10));

        assertThat(purged).isPositive();
        assertThat(rows()).as("one row per processor left").isEqualTo(processorsWithRows);
        assertThat(changes.latestPosition()).isEqualTo(latest);
        assertThat(changes.progress()).isEqualTo(progress);
        // Nothing younger than the retention goes (only the hour-old rows that are no longer the newest).
        String kept = registerComponent("kept");
        awaitProjections();
        String young = "SELECT COUNT(*) FROM projection_change WHERE committed_at > CURRENT_TIMESTAMP - INTERVAL '1' MINUTE";
        long before = jdbc.sql(young).query(Long.class).single();
        purge.purge(Duration.ofMinutes(10));
        assertThat(jdbc.sql(young).query(Long.class).single()).isEqualTo(before).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM projection_change WHERE aggregate_id = ?").param(kept)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aLiveReaderHearsEveryChangeWhileThePurgeRuns() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<ProjectionChanged>>)
                event -> heard.add(event.getPayload().aggregateId()));
        ScheduledExecutorService purging = Executors.newSingleThreadScheduledExecutor();
        // Far more often, and with a far shorter retention, than configured; still well above the 100 ms poll.
        purging.scheduleWithFixedDelay(() -> purge.purge(Duration.ofSeconds(2)), 0, 20, TimeUnit.MILLISECONDS);
        List<String> registered = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                registered.add(registerComponent("live"));
                Thread.sleep(100);
            }
            await("every change announced").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(heard).containsAll(registered));
            await("the early rows purged").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(jdbc.sql("SELECT COUNT(*) FROM projection_change WHERE aggregate_id = ?")
                            .param(registered.get(0)).query(Long.class).single()).isZero());
        } finally {
            purging.shutdownNow();
        }
        assertThat(heard.stream().filter(registered::contains).distinct()).hasSize(registered.size());
    }
}
