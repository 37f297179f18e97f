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

import io.incidentledger.systemtest.support.AtOnce;
import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.JsonHttp.Response;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceProcess;

/**
 * The per-client write limit is one limit however many instances a client reaches: two command-service instances
 * on one PostgreSQL database, with the documented defaults (20 writes a second, bursts of 40), share each
 * client's bucket in the database. 160 writes sent at once, half to each instance, get no more through than the
 * bucket allows in the time they take; the rest are 429 with Retry-After, none a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteRateLimitOnPostgresIT {

    static final int PER_SECOND = 20;
    static final int BURST = 40;
    static final int WRITES = 160;

    private final List<ServiceProcess> instances = new ArrayList<>();
    private final List<JsonHttp> commands = new ArrayList<>();

    @BeforeAll
    void startTwoInstancesWithTheDefaultLimit() {
        LocalPostgres postgres = LocalPostgres.shared();
        String database = postgres.createUniqueDatabase(getClass().getSimpleName());
        Path jar = RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE);
        List<String> args = new ArrayList<>(postgres.springArgs(database));
        args.add("--incident-ledger.limits.write-rate.per-second=" + PER_SECOND);
        args.add("--incident-ledger.limits.write-rate.burst=" + BURST);
        for (int i = 1; i <= 2; i++) {
            ServiceProcess instance = ServiceProcess.start(getClass().getSimpleName() + "-command-service-" + i, jar,
                    FreePorts.next(), args, ServiceProcess.DEFAULT_START_DEADLINE);
            instances.add(instance);
            commands.add(new JsonHttp(instance.baseUrl()));
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(ServiceProcess::close);
    }

    @Test
    void oneClientsWritesThroughTwoInstancesShareOneBucket() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        List<Response> responses = AtOnce.send(WRITES, i -> commands.get(i % 2).post("/api/incidents",
                Map.of("id", "limited-" + run + "-" + i, "title", "Limited", "impact", "minor", "message", "Opened.")));
        long elapsedNanos = System.nanoTime() - started;

        Map<Integer, Long> byStatus = new TreeMap<>();
        responses.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
        long accepted = responses.stream().filter(r -> r.status() == 201).count();
        double seconds = elapsedNanos / 1e9;
        long allowed = BURST + (long) Math.ceil(PER_SECOND * seconds);
        Report.line("RATE LIMIT postgres: %d writes at once through 2 instances -> %s in %.2f s; the bucket allows at "
                + "most %d (burst %d + %d/s)", WRITES, byStatus, seconds, allowed, BURST, PER_SECOND);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 429));
        assertThat(accepted).as("writes let through").isBetween((long) BURST, allowed);
        assertThat(responses).filteredOn(r -> r.status() == 429).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isPresent();
            assertThat(r.contentType()).startsWith("application/problem+json");
        });
    }
}
