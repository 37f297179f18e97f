package io.incidentledger.command.idempotency;

import io.incidentledger.web.security.TestCredentials;

import io.incidentledger.command.HttpApiTest;
import io.incidentledger.command.TestHooks;
import io.incidentledger.command.TestHooks.Hold;
import io.incidentledger.command.idempotency.IdempotencyKeys.ScopedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Key over HTTP: a retry gets the first answer and appends nothing. */
class IdempotencyApiTest extends HttpApiTest {

    private static final String KEY = IdempotencyFilter.HEADER;
    private static final String REPLAYED = IdempotencyFilter.REPLAYED_HEADER;

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private IdempotencyKeys keys;

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndAppendsNothing() {
        String key = newKey();
        // No id: the server chooses one, so acting twice would open a second incident.
        String body = "{\"title\": \"Slow builds\", \"impact\": \"minor\", \"message\": \"Builds are slow.\"}";
        long before = eventCount();

        Response first = sendKeyed("POST", "/api/incidents", body, key, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header(REPLAYED)).isEmpty();
        assertThat(eventCount()).isEqualTo(before + 1);

        // The same request spelled differently: other field order and whitespace.
        String respelled = "{\"message\":\"Builds are slow.\",\"impact\":\"minor\",\"title\":\"Slow builds\"}";
        for (String retry : List.of(body, respelled)) {
            Response again = sendKeyed("POST", "/api/incidents", retry, key, Map.of());
            assertThat(again.status()).as(again.toString()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("Location")).isEqualTo(first.header("Location")).isPresent();
            assertThat(again.header("ETag")).isEqualTo(first.header("ETag")).isPresent();
            assertThat(again.mediaType()).isEqualTo(JSON_TYPE);
            assertThat(again.header(REPLAYED)).hasValue("true");
        }
        assertThat(eventCount()).as("events after the retries").isEqualTo(before + 1);
    }

    @Test
    void aRetriedRetirementIsReplayedNotRefused() {
        String component = registerComponent("idem-retire");
        String key = newKey();

        Response first = sendKeyed("DELETE", "/api/components/" + component, null, key, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(204);
        // Without the key, retiring again would be refused: the retry must see the first answer instead.
        Response again = sendKeyed("DELETE", "/api/components/" + component, null, key, Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(204);
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag")).hasValue("\"1\"");
        assertThat(eventCount(component)).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherRequestIs422AndAppendsNothing() {
        String component = registerComponent("idem-reuse");
        String key = newKey();
        Response first = sendKeyed("PATCH", "/api/components/" + component, "{\"name\": \"First\"}", key, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        long before = eventCount();

        List<Response> refused = List.of(
                sendKeyed("PATCH", "/api/components/" + component, "{\"name\": \"Second\"}", key, Map.of()),
                sendKeyed("PATCH", "/api/components/" + registerComponent("idem-other"), "{\"name\": \"First\"}",
                        key, Map.of()),
                sendKeyed("DELETE", "/api/components/" + component, null, key, Map.of()));
        for (Response response : refused) {
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.mediaType()).isEqualTo(PROBLEM_TYPE);
            assertThat(response.json().path("type").asString()).isEqualTo("/problems/idempotency-key-reused");
            assertThat(response.json().path("status").asInt()).isEqualTo(422);
        }
        assertThat(eventCount()).as("events after the refusals").isEqualTo(before + 1 /* idem-other registered */);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "schlüssel", "tab\tinside"})
    void aKeyThatIsNotOneToTwoHundredFiftyFiveVisibleAsciiCharactersIs400(String bad) {
        long before = eventCount();
        Response response = sendRaw("DELETE /api/components/idem-nobody HTTP/1.0\r\n" + KEY + ": " + bad);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.mediaType()).isEqualTo(PROBLEM_TYPE);
        assertThat(response.json().path("type").asString()).isEqualTo("/problems/invalid-idempotency-key");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aKeyOfTwoHundredFiftySixCharactersOrTwoKeysAre400AndTwoHundredFiftyFiveAreFine() {
        String component = registerComponent("idem-long");
        Response tooLong = sendKeyed("DELETE", "/api/components/" + component, null, "k".repeat(256), Map.of());
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        Response twice = sendRaw("DELETE /api/components/" + component + " HTTP/1.0\r\n" + KEY + ": a\r\n" + KEY + ": b");
        assertThat(twice.status()).as(twice.toString()).isEqualTo(400);
        assertThat(eventCount(component)).isEqualTo(1);

        Response longest = sendKeyed("DELETE", "/api/components/" + component, null,
                "~" + UUID.randomUUID() + "!".repeat(218), Map.of());
        assertThat(longest.status()).as(longest.toString()).isEqualTo(204);
    }

    @Test
    void aDuplicateWhileTheFirstStillRunsIs409AndTheFirstAnswerIsKept() throws Exception {
        String key = newKey();
        String hold = "idem-hold-" + UUID.randomUUID();
        String body = "{\"title\": \"Held\", \"impact\": \"minor\", \"message\": \"Held.\"}";
        long before = eventCount();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                    () -> sendKeyed("POST", "/api/incidents", body, key, Map.of(TestHooks.HOLD, hold)), pool);
            Hold held = Hold.named(hold);
            assertThat(held.awaitHeld()).as("first request held").isTrue();

            Response duplicate = sendKeyed("POST", "/api/incidents", body, key, Map.of());
            assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
            assertThat(duplicate.mediaType()).isEqualTo(PROBLEM_TYPE);
            assertThat(duplicate.json().path("type").asString()).isEqualTo("/problems/idempotency-key-in-use");
            Response other = sendKeyed("POST", "/api/incidents", body.replace("Held.", "Other."), key, Map.of());
            assertThat(other.status()).as(other.toString()).isEqualTo(422);

            held.release();
            Response answered = first.get();
            assertThat(answered.status()).as(answered.toString()).isEqualTo(201);
            Response retry = sendKeyed("POST", "/api/incidents", body, key, Map.of());
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(answered.body());
            assertThat(eventCount()).isEqualTo(before + 1);
        } finally {
            Hold.named(hold).release();
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentDuplicatesAreEachAnsweredWithTheFirstAnswerOr409AndActOnce() {
        int senders = 16;
        String body = "{\"title\": \"Raced\", \"impact\": \"minor\", \"message\": \"Raced.\"}";
        for (int round = 0; round < 5; round++) {
            String key = newKey();
            long before = eventCount();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            try {
                List<CompletableFuture<Response>> answers = new ArrayList<>();
                for (int i = 0; i < senders; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return sendKeyed("POST", "/api/incidents", body, key, Map.of());
                    }, pool));
                }
                start.countDown();
                List<Response> responses = answers.stream().map(CompletableFuture::join).toList();

                List<Response> created = responses.stream().filter(r -> r.status() == 201).toList();
                assertThat(responses).as("round %d", round).allMatch(r -> r.status() == 201 || r.status() == 409);
                assertThat(created).as("round %d", round).isNotEmpty()
                        .allMatch(r -> r.body().equals(created.get(0).body()));
                assertThat(created).filteredOn(r -> r.header(REPLAYED).isEmpty()).as("acted on").hasSize(1);
                assertThat(eventCount()).as("round %d appended", round).isEqualTo(before + 1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aCommandThatFailsBeforeItsTransactionCommitsLeavesNeitherEventsNorKey() {
        String key = newKey();
        String id = uniqueId("idem-fail");
        String body = json(Map.of("id", id, "title", "Failing", "impact", "minor", "message", "Failing."));

        Response failed = sendKeyed("POST", "/api/incidents", body, key, Map.of(TestHooks.FAIL_BEFORE_COMMIT, "yes"));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(eventCount(id)).as("events of the failed command").isZero();
        assertThat(keyRows(key)).as("key rows of the failed command").isZero();

        // Nothing was recorded, so the retry runs the command: now the events and the key exist together.
        Response retried = sendKeyed("POST", "/api/incidents", body, key, Map.of());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(retried.header(REPLAYED)).isEmpty();
        assertThat(eventCount(id)).isEqualTo(1);
        assertThat(keyRows(key)).isEqualTo(1);
    }

    @Test
    void aRequestThatFailsAfterItsCommandCommittedNeverActsTwiceAndItsAnswerIsRebuilt() {
        String key = newKey();
        // No id: the server chooses it, so a rebuilt answer must name the id the stored event has.
        String body = "{\"title\": \"Lost answer\", \"impact\": \"minor\", \"message\": \"Lost.\"}";
        long before = eventCount();

        Response failed = sendKeyed("POST", "/api/incidents", body, key, Map.of(TestHooks.FAIL_AFTER_COMMAND, "yes"));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(eventCount()).as("the command committed before the request failed").isEqualTo(before + 1);
        String stored = jdbc.sql("SELECT aggregateidentifier FROM domainevententry ORDER BY globalindex DESC LIMIT 1")
                .query(String.class).single();
        assertThat(jdbc.sql("SELECT acted FROM idempotency_key WHERE idempotency_key = ?").param(key)
                .query(Boolean.class).single()).as("the key says it acted").isTrue();

        Response rebuilt = sendKeyed("POST", "/api/incidents", body, key, Map.of());
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(201);
        assertThat(rebuilt.json().path("id").asString()).as("the id the command stored").isEqualTo(stored);
        assertThat(rebuilt.header("Location")).hasValue("/api/incidents/" + stored);
        assertThat(rebuilt.json().path("version").asLong()).isZero();
        assertThat(eventCount()).as("not carried out again").isEqualTo(before + 1);

        Response replayed = sendKeyed("POST", "/api/incidents", body, key, Map.of());
        assertThat(replayed.header(REPLAYED)).hasValue("true");
        assertThat(replayed.body()).isEqualTo(rebuilt.body());
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void aFinalRefusalIsRecordedWithoutEventsAndReplayed() {
        String key = newKey();
        String missing = uniqueId("idem-missing");
        long before = eventCount();

        Response first = sendKeyed("POST", "/api/incidents/" + missing + "/resolve", "{\"message\": \"Done.\"}", key,
                Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(404);
        assertThat(keyRows(key)).isEqualTo(1);

        openIncidentWithId(missing);
        Response again = sendKeyed("POST", "/api/incidents/" + missing + "/resolve", "{\"message\": \"Done.\"}", key,
                Map.of());
        assertThat(again.status()).as("the first answer, though the incident now exists").isEqualTo(404);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.mediaType()).isEqualTo(PROBLEM_TYPE);
        assertThat(again.header(REPLAYED)).hasValue("true");
        assertThat(eventCount()).isEqualTo(before + 1 /* opened */);
    }

    @Test
    void keysAreScopedToThePrincipal() {
        // "tester" (every role) and "commander-only" send the same key: two principals, two keys.
        String key = newKey();
        String body = "{\"title\": \"Scoped\", \"impact\": \"minor\", \"message\": \"Scoped.\"}";
        long before = eventCount();

        Response alice = sendKeyed("POST", "/api/incidents", body, key, Map.of("Authorization", "Bearer " + TestCredentials.ALL_ROLES));
        Response bob = sendKeyed("POST", "/api/incidents", body, key, Map.of("Authorization", "Bearer " + TestCredentials.COMMANDER));
        Response bobOther = sendKeyed("POST", "/api/incidents/" + alice.json().path("id").asString() + "/impact",
                "{\"impact\": \"major\"}", newKey(), Map.of("Authorization", "Bearer " + TestCredentials.COMMANDER));
        Response aliceAgain = sendKeyed("POST", "/api/incidents", body, key, Map.of("Authorization", "Bearer " + TestCredentials.ALL_ROLES));

        assertThat(List.of(alice.status(), bob.status(), bobOther.status(), aliceAgain.status()))
                .containsExactly(201, 201, 200, 201);
        assertThat(bob.json().path("id").asString()).as("bob's own incident").isNotEqualTo(
                alice.json().path("id").asString());
        assertThat(aliceAgain.body()).isEqualTo(alice.body());
        assertThat(aliceAgain.header(REPLAYED)).hasValue("true");
        assertThat(eventCount()).isEqualTo(before + 3);
        assertThat(jdbc.sql("SELECT principal FROM idempotency_key WHERE idempotency_key = ? ORDER BY principal")
                .param(key).query(String.class).list()).containsExactly("commander-only", "tester");
    }

    @Test
    void keysAreKeptForTheRetentionThenIgnoredAndPurged() {
        String key = newKey();
        Response first = sendKeyed("POST", "/api/incidents",
                "{\"title\": \"Kept\", \"impact\": \"minor\", \"message\": \"Kept.\"}", key, Map.of());
        assertThat(first.status()).isEqualTo(201);
        var row = jdbc.sql("SELECT created_at, expires_at FROM idempotency_key WHERE idempotency_key = ?")
                .param(key).query((rs, n) -> List.of(rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class))).single();
        assertThat(Duration.between(row.get(0), row.get(1))).isEqualTo(Duration.ofHours(24));

        ScopedKey scoped = new ScopedKey("tester", key);
        Instant expiry = row.get(1).toInstant();
        assertThat(keys.find(scoped, expiry.minusSeconds(1))).isPresent();
        assertThat(keys.find(scoped, expiry)).as("ignored once expired, purged or not").isEmpty();
        assertThat(keys.purge(expiry.minusSeconds(1))).isGreaterThanOrEqualTo(0);
        assertThat(keyRows(key)).as("kept until it expires").isEqualTo(1);
        assertThat(keys.purge(expiry)).isGreaterThanOrEqualTo(1);
        assertThat(keyRows(key)).as("purged once expired").isZero();
    }

    private Response sendKeyed(String method, String path, String body, String key, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put(KEY, key);
        return sendWithHeaders(method, path, body == null ? null : JSON_TYPE, body, headers);
    }

    private void openIncidentWithId(String id) {
        Response response = post("/api/incidents", Map.of("id", id, "title", "Now here", "impact", "minor",
                "message", "Opened."));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private long keyRows(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = ?").param(key)
                .query(Long.class).single();
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }
}
