package io.incidentledger.command.maintenance;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The maintenance endpoints over HTTP: answers, ETags, refusals as problem details, deadlines in the database. */
class MaintenanceApiTest extends HttpApiTest {

    private Map<String, Object> window(String id, Object components, Instant scheduledFor, Instant scheduledUntil) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("title", "Database upgrade");
        body.put("message", "We will upgrade the database.");
        body.put("components", components);
        body.put("scheduledFor", scheduledFor.toString());
        body.put("scheduledUntil", scheduledUntil.toString());
        return body;
    }

    /** An hour-long recurring window on a new component, starting at {@code start} in {@code zone}. */
    private Map<String, Object> recurring(String series, Instant start, String rrule, String zone) {
        Map<String, Object> body = window(series, List.of(registerComponent("db")), start,
                start.plus(Duration.ofHours(1)));
        body.put("recurrence", Map.of("rrule", rrule, "timeZone", zone));
        return body;
    }

    /** Every maintenance deadline waiting in Quartz's tables (tests in this class run one after another). */
    private long pendingDeadlines() {
        return jdbc.sql("SELECT COUNT(*) FROM qrtz_job_details WHERE job_group LIKE 'maintenance-%' "
                        + "AND job_data IS NOT NULL AND job_name LIKE 'deadline-%'").query(Long.class).single();
    }

    @Test
    void aWindowIsScheduledRescheduledStartedUpdatedAndCompleted() {
        String db = registerComponent("db");
        String id = uniqueId("mnt");
        Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Response created = post("/api/maintenances", window(id, List.of(db), start, start.plus(Duration.ofHours(2))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).contains("/api/maintenances/" + id);
        assertThat(created.header("ETag")).contains("\"0\"");
        assertThat(created.json().get("version").asLong()).isZero();

        Response stale = sendWithHeaders("PATCH", "/api/maintenances/" + id, JSON_TYPE,
                json(Map.of("title", "Database upgrade, part 1")), Map.of("If-Match", "\"7\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.mediaType()).isEqualTo(PROBLEM_TYPE);

        Response moved = sendWithHeaders("PATCH", "/api/maintenances/" + id, JSON_TYPE,
                json(Map.of("scheduledFor", start.plus(Duration.ofHours(1)).toString(),
                        "components", Map.of(db, "major_outage"))), Map.of("If-Match", "\"0\""));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("version").asLong()).isEqualTo(1);

        assertThat(post("/api/maintenances/" + id + "/complete", Map.of()).status())
                .as("completing before the start").isEqualTo(409);
        assertThat(send("POST", "/api/maintenances/" + id + "/start", null, null).status()).isEqualTo(200);
        Response update = post("/api/maintenances/" + id + "/updates", Map.of("status", "verifying",
                "message", "Checking replication."));
        assertThat(update.status()).as(update.body()).isEqualTo(201);
        assertThat(update.json().get("updateId").asString()).isNotBlank();
        assertThat(post("/api/maintenances/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
        Response completed = post("/api/maintenances/" + id + "/complete", Map.of("message", "Done."));
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().get("version").asLong()).isEqualTo(4);
        assertThat(post("/api/maintenances/" + id + "/updates", Map.of("status", "in_progress", "message", "x"))
                .status()).isEqualTo(409);
        assertThat(eventCount(id)).isEqualTo(5);
    }

    @Test
    void aScheduledWindowHoldsTwoPersistentDeadlinesUntilItIsCancelled() {
        String db = registerComponent("db");
        String id = uniqueId("mnt");
        Instant start = Instant.now().plus(Duration.ofDays(3));
        long before = pendingDeadlines();
        assertThat(post("/api/maintenances", window(id, List.of(db), start, start.plus(Duration.ofHours(1)))).status())
                .isEqualTo(201);
        assertThat(pendingDeadlines()).isEqualTo(before + 2);
        assertThat(post("/api/maintenances/" + id + "/cancel", Map.of("message", "Postponed.")).status()).isEqualTo(200);
        assertThat(pendingDeadlines()).isEqualTo(before);
    }

    @Test
    void aWindowDueNowStartsAndCompletesItselfWithThePlannedInstantsAsEffectiveTimes() {
        String db = registerComponent("db");
        String id = uniqueId("mnt");
        Instant start = Instant.now().plusSeconds(1);
        Instant end = start.plusSeconds(2);
        assertThat(post("/api/maintenances", window(id, List.of(db), start, end)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> eventCount(id) == 3);
        assertThat(storedPayload(id, 1).get("at").asString()).isEqualTo(start.toString());
        assertThat(storedPayload(id, 1).get("automatic").asBoolean()).isTrue();
        assertThat(storedPayload(id, 2).get("at").asString()).isEqualTo(end.toString());
    }

    @Test
    void refusalsAreProblemDetailsAndChangeNothing() {
        String db = registerComponent("db");
        Instant start = Instant.now().plus(Duration.ofDays(1));
        long events = eventCount();
        Response backwards = post("/api/maintenances", window(uniqueId("mnt"), List.of(db), start, start.minusSeconds(60)));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("type").asString()).endsWith("/rule-violated");
        Response past = post("/api/maintenances", window(uniqueId("mnt"), List.of(db), Instant.now().minusSeconds(3600),
                start));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.json().get("errors").get(0).get("field").asString()).isEqualTo("scheduledFor");
        assertThat(post("/api/maintenances", window(uniqueId("mnt"), List.of("no-such-component"), start,
                start.plusSeconds(60))).status()).isEqualTo(422);
        assertThat(post("/api/maintenances", window(uniqueId("mnt"), Map.of(db, "operational"), start,
                start.plusSeconds(60))).status()).isEqualTo(422);
        assertThat(post("/api/maintenances", window(uniqueId("mnt"), "db", start, start.plusSeconds(60))).status())
                .isEqualTo(400);
        Response unknown = post("/api/maintenances/" + uniqueId("nope") + "/start", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.mediaType()).isEqualTo(PROBLEM_TYPE);
        Map<String, Object> badRule = window(uniqueId("mnt"), List.of(db), start, start.plusSeconds(60));
        badRule.put("recurrence", Map.of("rrule", "FREQ=NEVER", "timeZone", "Europe/Berlin"));
        Response refusedRule = post("/api/maintenances", badRule);
        assertThat(refusedRule.status()).isEqualTo(422);
        assertThat(refusedRule.json().get("errors").get(0).get("field").asString()).isEqualTo("recurrence.rrule");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aRecurringWindowAnswersWithItsFirstOccurrenceAndEveryOccurrencePlanned() {
        String series = uniqueId("weekly");
        Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> body = recurring(series, start, "FREQ=WEEKLY", "Europe/Berlin");
        Response created = sendWithHeaders("POST", "/api/maintenances", JSON_TYPE, json(body),
                Map.of("Idempotency-Key", series));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String first = MaintenanceSeries.occurrenceId(series, start);
        assertThat(created.header("Location")).contains("/api/maintenances/" + first);
        assertThat(created.json().get("id").asString()).isEqualTo(first);
        assertThat(created.json().get("seriesId").asString()).isEqualTo(series);
        assertThat(created.json().get("occurrenceIds")).hasSize(2);
        String second = created.json().get("occurrenceIds").get(1).asString();
        assertThat(eventCount(first)).isEqualTo(1);
        assertThat(eventCount(second)).isEqualTo(1);

        Response retried = sendWithHeaders("POST", "/api/maintenances", JSON_TYPE, json(body),
                Map.of("Idempotency-Key", series));
        assertThat(retried.body()).isEqualTo(created.body());
        // Each occurrence is an ordinary maintenance: cancel one, the other stays.
        assertThat(post("/api/maintenances/" + second + "/cancel", Map.of()).status()).isEqualTo(200);
        assertThat(eventCount(first)).isEqualTo(1);
    }

    /**
     * The occurrence scheduler waits for each occurrence's command: it must not hold a database connection (a
     * transaction) meanwhile, or a few series planned at once could take every connection the commands need.
     */
    @Test
    void theOccurrenceSchedulerWaitsForItsCommandsOutsideAnyTransaction() {
        String series = uniqueId("nightly");
        Map<String, Object> body = recurring(series,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES), "FREQ=DAILY", "UTC");
        assertThat(post("/api/maintenances", body).status()).isEqualTo(201);

        await("the occurrence scheduler handled the series' plan").atMost(Duration.ofSeconds(30)).until(() ->
                io.incidentledger.command.TestHooks.OCCURRENCES_HANDLED_IN_TRANSACTION.containsKey(series));
        assertThat(io.incidentledger.command.TestHooks.OCCURRENCES_HANDLED_IN_TRANSACTION.get(series))
                .as("a transaction open while the scheduler waited for its commands").isFalse();
    }
}
