package io.incidentledger.query.asof;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.web.Refusal;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code asOf} is open to anyone, so what it may cost is bounded: a new moment is built from the nearest kept
 * one, requests for one moment share one build, a build has a deadline, and one client may have only so many
 * moments rebuilt; a client hammering {@code asOf} slows only its own {@code asOf} answers.
 */
class AsOfBoundsApiTest extends QueryApiTest {

    @Autowired
    Snapshots snapshots;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    EventProcessingConfiguration processing;

    @LocalServerPort
    int port;

    @Test
    void aNewMomentIsBuiltFromTheNearestKeptOneAndAnswersAsItWasThen() {
        // Both moments are settled (older than a minute) by the service's clock, so both may be kept; no other
        // test asks for a moment between them.
        Instant first = now.minus(Duration.ofHours(5)).plusMillis(31);
        Instant second = first.plusSeconds(60);
        String atFirst = getJson("/api/status?asOf=" + first).toString();

        getJson("/api/status?asOf=" + second);
        Instant baseOfSecond = snapshots.latestBase();

        assertThat(baseOfSecond).as("the second moment was built on the first, not from the beginning")
                .isEqualTo(first);
        assertThat(getJson("/api/status?asOf=" + first).toString()).isEqualTo(atFirst);
    }

    @Test
    void concurrentRequestsForOneMomentShareOneBuild() throws Exception {
        Instant moment = now.minus(Duration.ofMinutes(7)).truncatedTo(ChronoUnit.SECONDS).plusMillis(123);
        long before = snapshots.builds();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> get("/api/status?asOf=" + moment).status(), pool));
            }
            assertThat(answers.stream().map(CompletableFuture::join).toList()).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(snapshots.builds() - before).as("builds for one settled moment").isEqualTo(1);
    }

    @Test
    void aBuildPastItsDeadlineIsAnHonest503() {
        registerComponent("bounds-deadline"); // at least one event to replay
        awaitProjections();
        Snapshots hurried = new Snapshots(storage, processing, clock,
                new AsOfProperties(Duration.ofNanos(1), 30, 10));

        assertThatThrownBy(() -> hurried.lease(now.minusSeconds(90)))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.getStatusCode().value()).isEqualTo(503);
                    assertThat(refusal.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                    assertThat(refusal.getBody().getType()).hasToString("/problems/as-of-busy");
                });
        assertThat(hurried.kept()).as("nothing half-built is kept").isZero();
    }

    /**
     * One client (127.0.0.2) asks for many new moments at once; another (127.0.0.1, this test's own client) reads
     * the live page and one moment of its own meanwhile: every live answer comes (within its request deadline),
     * and the other client's moment is answered too. Past its allowance the hammering client would be refused
     * with a 429 (RebuildAllowanceTest; this suite's allowance is raised for its many moments).
     */
    @Test
    void aClientHammeringAsOfSlowsOnlyItsOwnAsOfAnswers() throws Exception {
        Instant base = now.minus(Duration.ofMinutes(40));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<String>> hammer = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Instant moment = base.plusSeconds(i).plusMillis(7);
                hammer.add(CompletableFuture.supplyAsync(() -> statusLineFrom("127.0.0.2",
                        "/api/status?asOf=" + moment), pool));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(get("/api/status").status()).isEqualTo(200);
                assertThat(get("/", "text/html").status()).isEqualTo(200);
            }
            assertThat(get("/api/status?asOf=" + base.minusSeconds(3).plusMillis(11)).status())
                    .as("another client's asOf").isEqualTo(200);
            List<String> answers = hammer.stream().map(CompletableFuture::join).toList();
            assertThat(answers).as("the hammering client's answers: each moment, or an honest 503 past the deadline")
                    .isNotEmpty().allMatch(line -> line.contains(" 200 ") || line.contains(" 503 "));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A GET from a given loopback address, by hand: the JDK's HttpClient cannot choose its local address on 17. */
    private String statusLineFrom(String localAddress, String path) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return response.lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
