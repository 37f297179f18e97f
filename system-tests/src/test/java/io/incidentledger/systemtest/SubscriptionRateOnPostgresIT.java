package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.ServiceProcess;

/**
 * The per-client subscription rate is one limit however many query-service instances a client reaches: two of them
 * on one PostgreSQL database share each client's bucket in subscription_rate_bucket. With a burst of 5, twelve
 * subscriptions sent alternately to the two instances get exactly 5 through (the hourly refill adds none in the
 * seconds this takes); the rest are 429 problems with Retry-After.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionRateOnPostgresIT {

    static final int BURST = 5;
    static final int ATTEMPTS = 12;

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<JsonHttp> queries = new ArrayList<>();

    @BeforeAll
    void startOneCommandServiceAndTwoQueryServices() {
        LocalPostgres postgres = LocalPostgres.shared();
        String database = postgres.createUniqueDatabase(getClass().getSimpleName());
        List<String> args = new ArrayList<>(postgres.springArgs(database));
        // The command service creates the event store first, as LedgerCluster starts them.
        processes.add(ServiceProcess.start(getClass().getSimpleName() + "-command-service",
                RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE), FreePorts.next(), args,
                ServiceProcess.DEFAULT_START_DEADLINE));
        args.add("--incident-ledger.webhooks.allow-private-networks=true");
        args.add("--incident-ledger.subscriptions.rate.burst=" + BURST);
        Path jar = RepoPaths.serviceJar(LedgerCluster.QUERY_SERVICE);
        for (int i = 1; i <= 2; i++) {
            ServiceProcess instance = ServiceProcess.start(getClass().getSimpleName() + "-query-service-" + i, jar,
                    FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE);
            processes.add(instance);
            queries.add(new JsonHttp(instance.baseUrl()));
        }
    }

    @AfterAll
    void stop() {
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void oneClientsSubscriptionsThroughTwoInstancesShareOneBucket() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            responses.add(queries.get(i % 2).post("/api/subscribers",
                    Map.of("webhook", "http://127.0.0.1:9/" + run + "/" + i)));
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        responses.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
        Report.line("SUBSCRIPTION RATE postgres: %d subscriptions alternately through 2 instances -> %s (burst %d)",
                ATTEMPTS, byStatus, BURST);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(202, 429));
        assertThat(responses.stream().filter(r -> r.status() == 202).count()).as("let through").isEqualTo(BURST);
        assertThat(responses).filteredOn(r -> r.status() == 429).allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isPresent();
            assertThat(r.contentType()).startsWith("application/problem+json");
        });
    }
}
