package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * An acknowledged command survives {@code kill -9} of command-service on the embedded H2 default: H2 would
 * otherwise acknowledge commits it writes up to a second later ({@code WRITE_DELAY}), and lose them.
 */
class CrashSafetyIT {

    private static final int COMMANDS = 40;

    @Test
    void everyAcknowledgedCommandIsThereAfterKillMinus9() throws IOException {
        Path dataDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.buildDir().resolve("service-data")), "CrashSafetyIT-h2-");
        List<String> dbArgs = List.of("--incident-ledger.data-dir=" + dataDir);
        List<String> commandArgs = new ArrayList<>(dbArgs);
        commandArgs.addAll(LedgerCluster.UNTHROTTLED_WRITES);
        Path commandJar = RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE);

        List<String> acknowledged = new ArrayList<>();
        ServiceProcess commandService = ServiceProcess.start("CrashSafetyIT-command-service-1", commandJar,
                FreePorts.next(), commandArgs, ServiceProcess.DEFAULT_START_DEADLINE);
        try {
            JsonHttp commands = new JsonHttp(commandService.baseUrl());
            for (int i = 0; i < COMMANDS; i++) {
                String id = "crash-" + i;
                commands.post("/api/components", Map.of("id", id, "name", "Crash " + i)).expectStatus(201);
                acknowledged.add(id);
            }
            // No pause: the last 201 has just been answered when the process dies.
        } finally {
            commandService.crash();
        }

        ServiceProcess restarted = ServiceProcess.start("CrashSafetyIT-command-service-2", commandJar,
                FreePorts.next(), commandArgs, ServiceProcess.DEFAULT_START_DEADLINE);
        ServiceProcess queryService = null;
        try {
            // Each component is in the ledger: registering it again is a conflict, not a fresh 201.
            JsonHttp commands = new JsonHttp(restarted.baseUrl());
            for (String id : acknowledged) {
                commands.post("/api/components", Map.of("id", id, "name", "Again")).expectStatus(409);
            }
            queryService = ServiceProcess.start("CrashSafetyIT-query-service", RepoPaths.serviceJar(
                    LedgerCluster.QUERY_SERVICE), FreePorts.next(), dbArgs, ServiceProcess.DEFAULT_START_DEADLINE);
            JsonHttp queries = new JsonHttp(queryService.baseUrl());
            await("all " + COMMANDS + " components projected").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        JsonNode status = queries.get("/api/status").expectStatus(200).json();
                        assertThat(elements(status.path("components")).stream().map(c -> text(c.path("id"))))
                                .containsAll(acknowledged);
                    });
        } finally {
            if (queryService != null) {
                queryService.close();
            }
            restarted.close();
        }
    }
}
