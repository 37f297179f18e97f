package io.incidentledger.query.metrics;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.web.security.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/prometheus} on query-service: the admin's; projection lag per processor, rebuilds. */
class PrometheusScrapeTest extends QueryApiTest {

    @Autowired
    private ApplicationEventPublisher publisher;

    private Response scrape(String authorization) {
        return get("/actuator/prometheus", "text/plain", authorization);
    }

    private static double sample(String scrape, String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + (labels == null ? "(?:\\{[^}]*})?" : "\\{[^}]*" + labels + "[^}]*}")
                + " ([0-9.eE+-]+|NaN)$").matcher(scrape);
        assertThat(m.find()).as(metric + " {" + labels + "} in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void projectionLagAndRebuildsAreScraped() throws InterruptedException {
        String component = registerComponent("scraped");
        openIncident(now.minusSeconds(60), declare(component, MAJOR));
        awaitProjections();
        long head = jdbc.sql("SELECT MAX(globalIndex) FROM DomainEventEntry").query(Long.class).single();

        String before = scrape("Bearer " + TestCredentials.ADMIN).body();
        publisher.publishEvent(new ProjectionsRebuilt(List.of("components", "incidents"), head));
        // The store's head is sampled at most every 250 ms.
        Thread.sleep(300);
        Response response = scrape("Bearer " + TestCredentials.ADMIN);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String body = response.body();
        assertThat(sample(body, "ledger_event_store_head", null)).isGreaterThanOrEqualTo(head);
        for (String processor : List.of("components", "incidents", "audit")) {
            String label = "processor=\"" + processor + "\"";
            assertThat(sample(body, "ledger_projection_lag_events", label)).as(processor).isZero();
            assertThat(sample(body, "ledger_projection_lag_seconds", label)).as(processor).isZero();
            assertThat(sample(body, "ledger_projection_position", label)).as(processor).isGreaterThanOrEqualTo(head);
            assertThat(sample(body, "ledger_projection_failing_segments", label)).as(processor).isZero();
        }
        assertThat(sample(body, "ledger_projection_rebuilds_total", null))
                .isEqualTo(sample(before, "ledger_projection_rebuilds_total", null) + 1);
        assertThat(body).contains("http_server_requests_seconds_count");
        assertThat(body).as("every series says which service it is from").contains("application=\"query-service\"");
    }

    /** What a reader of this instance waits for a change: its announcement here, then the documents' build. */
    @Test
    void aChangeIsTimedFromItsEventToItsAnnouncementAndToTheDocumentsBuiltAfterIt() {
        String before = scrape("Bearer " + TestCredentials.ADMIN).body();
        double announcedBefore = sample(before, "ledger_changes_announce_delay_seconds_count", null);
        double announceSecondsBefore = sample(before, "ledger_changes_announce_delay_seconds_sum", null);
        double buildsBefore = sample(before, "ledger_public_documents_build_seconds_count", null);

        registerComponent("timed");

        org.awaitility.Awaitility.await("the change announced and the documents rebuilt")
                .atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                    String after = scrape("Bearer " + TestCredentials.ADMIN).body();
                    double announced = sample(after, "ledger_changes_announce_delay_seconds_count", null)
                            - announcedBefore;
                    assertThat(announced).isGreaterThanOrEqualTo(1);
                    // Seconds, from the event's time: well under a minute here, not an epoch or milliseconds.
                    assertThat((sample(after, "ledger_changes_announce_delay_seconds_sum", null)
                            - announceSecondsBefore) / announced).isBetween(0.0, 30.0);
                    assertThat(sample(after, "ledger_public_documents_build_seconds_count", null))
                            .isGreaterThan(buildsBefore);
                    assertThat(after).contains("ledger_public_documents_build_seconds_bucket");
                });
    }

    @Test
    void onlyTheAdminMayScrape() {
        assertThat(scrape(null).status()).isEqualTo(401);
        assertThat(scrape("Bearer " + TestCredentials.AUDITOR).status()).isEqualTo(403);
        assertThat(scrape("Bearer " + TestCredentials.ADMIN).status()).isEqualTo(200);
    }
}
