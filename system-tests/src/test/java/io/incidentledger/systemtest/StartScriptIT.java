package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.ServiceJava;

/**
 * {@code ./start.sh} as a first-time user runs it: on a new data directory it creates one API token, prints it
 * once and keeps only its hash; the token works and nothing else does; the next start prints no token.
 */
class StartScriptIT {

    private static final Pattern TOKEN = Pattern.compile("\\bil_[A-Za-z0-9_-]{43}\\b");
    private static final Duration STARTUP = Duration.ofSeconds(180);

    @Test
    void theFirstRunPrintsItsOnlyTokenOnceAndStoresItsHash() throws Exception {
        Path dataDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.buildDir().resolve("service-data")), "StartScriptIT-");
        int commandPort = FreePorts.next();
        int queryPort = FreePorts.next();

        String token;
        Started first = start(dataDir, commandPort, queryPort);
        try {
            Matcher printed = TOKEN.matcher(first.output());
            assertThat(printed.find()).as("a token in the first run's output:%n%s", first.output()).isTrue();
            token = printed.group();
            assertThat(printed.find()).as("exactly one token printed").isFalse();

            String stored = Files.readString(dataDir.resolve("tokens"));
            assertThat(stored).doesNotContain(token)
                    .contains("operator commander,admin,auditor sha256:" + sha256(token));

            JsonHttp commands = new JsonHttp("http://localhost:" + commandPort);
            commands.send("POST", "/api/components", "{\"id\": \"first-run\", \"name\": \"First run\"}",
                    Map.of("Authorization", "Bearer " + token)).expectStatus(201);
            commands.send("POST", "/api/components", "{\"id\": \"no-token\", \"name\": \"No token\"}",
                    Map.of("Authorization", "")).expectStatus(401);
        } finally {
            first.stop();
        }

        Started second = start(dataDir, commandPort, queryPort);
        try {
            assertThat(TOKEN.matcher(second.output()).find()).as("no token on the next start:%n%s", second.output())
                    .isFalse();
            new JsonHttp("http://localhost:" + commandPort).send("POST", "/api/components",
                    "{\"id\": \"second-run\", \"name\": \"Second run\"}", Map.of("Authorization", "Bearer " + token))
                    .expectStatus(201);
        } finally {
            second.stop();
        }
    }

    private record Started(Process process, String output) {
        /** SIGTERM, as Ctrl-C's neighbour: the script's trap must stop both services, and nothing may outlive it. */
        void stop() throws InterruptedException {
            // Taken before: once the script has gone its orphans are no longer its descendants.
            List<ProcessHandle> services = process.descendants().toList();
            process.destroy();
            boolean scriptEnded = process.waitFor(60, TimeUnit.SECONDS);
            List<ProcessHandle> left = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (ProcessHandle service : services) {
                while (service.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                if (service.isAlive()) {
                    left.add(service);
                    service.destroyForcibly();
                }
            }
            if (!scriptEnded) {
                process.destroyForcibly();
            }
            assertThat(scriptEnded).as("start.sh ended within 60 s of SIGTERM").isTrue();
            assertThat(left).as("processes start.sh left running after SIGTERM: %s",
                    left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()).isEmpty();
        }
    }

    /** Runs start.sh until it says it is ready; returns what it printed by then. */
    private static Started start(Path dataDir, int commandPort, int queryPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "start.sh").directory(RepoPaths.repoRoot().toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("INCIDENT_LEDGER_"));
        builder.environment().put("INCIDENT_LEDGER_DATA_DIR", dataDir.toString());
        builder.environment().put("COMMAND_PORT", Integer.toString(commandPort));
        builder.environment().put("QUERY_PORT", Integer.toString(queryPort));
        builder.environment().put("JAVA_OPTS", "-Xmx384m");
        // The services' Java, as every other system test runs them; start.sh then finds the archives made for it.
        builder.environment().put("JAVA_HOME", ServiceJava.home().toString());
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        // Not closed here: the script keeps printing (and would die of SIGPIPE) while the services run.
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Press Ctrl-C")) {
                    Thread drain = new Thread(() -> {
                        try {
                            out.lines().forEach(ignored -> { });
                        } catch (java.io.UncheckedIOException closed) {
                            // the script has ended
                        }
                    }, "start.sh-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Started(process, String.join("\n", lines));
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        process.destroy();
        throw new AssertionError("start.sh did not get ready:\n" + String.join("\n", lines));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
