package io.incidentledger.command.incident;

import io.incidentledger.web.security.TestCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import io.incidentledger.command.HttpApiTest;

/** Optimistic concurrency over HTTP: the ETag a command answers with is the If-Match of the next one. */
class IfMatchApiTest extends HttpApiTest {

    @Value("${local.server.port}")
    int serverPort;

    @Test
    void theCurrentVersionIsAcceptedAndAStaleOneIsA412ThatAppendsNothing() {
        String component = registerComponent("if-match");
        String incident = openIncident("if-match", Instant.now().minusSeconds(600));
        Map<String, Object> update = Map.of("status", "identified", "message", "Found it.",
                "components", Map.of(component, "partial_outage"));

        Response first = sendWithIfMatch("POST", "/api/incidents/" + incident + "/updates", "\"0\"", json(update));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("ETag")).contains("\"1\"");

        long before = eventCount(incident);
        for (String stale : List.of("\"0\"", "0", "\"5\"", "W/\"1\"", "\"1\", \"2\"", "banana")) {
            Response refused = sendWithIfMatch("POST", "/api/incidents/" + incident + "/updates", stale, json(update));
            assertThat(refused.status()).as("If-Match " + stale + ": " + refused).isEqualTo(412);
            assertThat(refused.mediaType()).isEqualTo(PROBLEM_TYPE);
            assertThat(refused.json().path("type").asString()).isEqualTo("/problems/stale-version");
        }
        assertThat(eventCount(incident)).isEqualTo(before);

        Response current = sendWithIfMatch("POST", "/api/incidents/" + incident + "/resolve", "\"1\"",
                json(Map.of("message", "Fixed.")));
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        Response any = sendWithIfMatch("POST", "/api/incidents/" + incident + "/postmortem", "*",
                json(Map.of("body", "What happened.")));
        assertThat(any.status()).as(any.toString()).isEqualTo(200);
    }

    /** A stale sender hears that it is stale before it hears of a rule it judged against an old state. */
    @Test
    void aStaleVersionIsA412EvenWhereTheCommandAlsoBreaksARule() {
        Instant opened = Instant.now().minusSeconds(600);
        String incident = openIncident("stale-first", opened);
        assertThat(sendWithIfMatch("POST", "/api/incidents/" + incident + "/updates", "\"0\"",
                json(Map.of("status", "identified", "message", "Found it."))).status()).isEqualTo(201);
        String beforeTheStart = json(Map.of("message", "Fixed.", "at", opened.minusSeconds(60).toString()));

        Response stale = sendWithIfMatch("POST", "/api/incidents/" + incident + "/resolve", "\"0\"", beforeTheStart);
        Response current = sendWithIfMatch("POST", "/api/incidents/" + incident + "/resolve", "\"1\"", beforeTheStart);

        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(current.status()).as("the same command at the current version: " + current).isEqualTo(422);
    }

    @Test
    void correctionsHonourIfMatch() {
        String component = registerComponent("if-match-correction");
        Instant start = Instant.now().minusSeconds(3600);
        String incident = openIncident("if-match-correction", start);
        String correction = json(Map.of("componentId", component, "status", "major_outage",
                "from", start.toString(), "to", start.plusSeconds(600).toString(), "reason", "It was down."));

        Response stale = sendWithIfMatch("POST", "/api/incidents/" + incident + "/corrections", "\"1\"", correction);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(eventCount(incident)).isEqualTo(1);
        Response current = sendWithIfMatch("POST", "/api/incidents/" + incident + "/corrections", "\"0\"", correction);
        assertThat(current.status()).as(current.toString()).isEqualTo(201);
        assertThat(current.header("ETag")).contains("\"1\"");
    }

    @Test
    void componentUpdatesAndRetirementHonourIfMatch() {
        String component = registerComponent("if-match-component");
        Response stale = sendWithIfMatch("PATCH", "/api/components/" + component, "\"3\"",
                json(Map.of("name", "Renamed")));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        Response renamed = sendWithIfMatch("PATCH", "/api/components/" + component, "\"0\"",
                json(Map.of("name", "Renamed")));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(sendWithIfMatch("DELETE", "/api/components/" + component, "\"0\"", null).status()).isEqualTo(412);
        assertThat(sendWithIfMatch("DELETE", "/api/components/" + component, "\"1\"", null).status()).isEqualTo(204);
    }

    @Test
    void sixtyFourConcurrentResolvesGiveExactlyOneSuccessAndNoServerError() throws Exception {
        String incident = openIncident("race", Instant.now().minusSeconds(600));
        int racers = 64;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String ifMatch = i % 2 == 0 ? "\"0\"" : null;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        HttpRequest.Builder request = HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + serverPort + "/api/incidents/" + incident
                                                + "/resolve"))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", JSON_TYPE)
                                .header("Authorization", "Bearer " + TestCredentials.ALL_ROLES)
                                .POST(BodyPublishers.ofString("{\"message\":\"Fixed.\"}"));
                        if (ifMatch != null) {
                            request.header("If-Match", ifMatch);
                        }
                        return client.send(request.build(), BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            start.countDown();
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();

            assertThat(statuses).as("statuses").filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).as("statuses").allMatch(s -> s == 200 || s == 409 || s == 412);
            assertThat(eventCount(incident)).as("opened + exactly one resolution").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * With a pool of ten connections, 64 commands queued behind one aggregate's lock hold none while they wait
     * (the connection is taken lazily, after the lock): every unconditional update lands, once; and of 64
     * conditional ones naming one version, exactly one wins and the rest are refused with a 412.
     */
    @Test
    void sixtyFourConcurrentUpdatesAllLandAndSixtyFourConditionalOnesHaveOneWinner() throws Exception {
        String incident = openIncident("crowd", Instant.now().minusSeconds(600));
        int racers = 64;
        List<Integer> unconditional = race(racers, i -> postUpdate(incident, "Update " + i + ".", null));
        assertThat(unconditional).as("unconditional updates").containsOnly(201);
        assertThat(eventCount(incident)).as("opened + one event per update").isEqualTo(1 + racers);

        String version = "\"" + racers + "\"";
        List<Integer> conditional = race(racers, i -> postUpdate(incident, "Conditional " + i + ".", version));
        assertThat(conditional).as("conditional updates").filteredOn(s -> s == 201).hasSize(1);
        assertThat(conditional).as("conditional updates").filteredOn(s -> s == 412).hasSize(racers - 1);
        assertThat(eventCount(incident)).isEqualTo(2 + racers);
    }

    private int postUpdate(String incident, String message, String ifMatch) {
        Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
        return sendWithHeaders("POST", "/api/incidents/" + incident + "/updates", JSON_TYPE,
                json(Map.of("status", "identified", "message", message)), headers).status();
    }

    private static List<Integer> race(int n, java.util.function.IntFunction<Integer> request) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return request.apply(index);
                }, pool));
            }
            start.countDown();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private Response sendWithIfMatch(String method, String path, String ifMatch, String body) {
        return sendWithHeaders(method, path, body == null ? null : JSON_TYPE, body, Map.of("If-Match", ifMatch));
    }
}
