package io.incidentledger.systemtest.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.core.ConditionTimeoutException;

/**
 * One service fat jar running as a child JVM:
 * {@code java -Daxoniq.update-checker.disabled=true -Xmx384m -jar <jar> --server.port=<port> <args>} (the java of
 * {@link ServiceJava}, from start.sh's start-up archive when it has one: {@link StartUpArchive}),
 * its output in {@code system-tests/target/service-logs/<name>.log}. {@link #start} returns once
 * {@code GET /actuator/health} answers 200 with {@code "status":"UP"}, and fails with the log's tail when the
 * process dies or the deadline passes first.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Duration DEFAULT_START_DEADLINE = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 80;

    private final String name;
    private final int port;
    private final Process process;
    private final Path logFile;
    private final JsonHttp http;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Duration startupTime;

    private ServiceProcess(String name, int port, Process process, Path logFile) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
        this.http = new JsonHttp(baseUrl());
        // If the test JVM exits without closing us (e.g. a failed @BeforeAll elsewhere), do not leak the JVM.
        this.shutdownHook = new Thread(this::kill, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The system tests drive hundreds of commands a second with one credential; the command service's per-client
     * write limit (20 a second by default) is raised so they measure the service, not the limiter (which
     * command-service's RateLimitApiTest and WriteRateLimitOnPostgresIT cover; a service started with any
     * {@code --incident-ledger.limits.write-rate.*} argument keeps its own). query-service ignores the properties.
     */
    static final List<String> UNTHROTTLED_WRITES = List.of(
            "--incident-ledger.limits.write-rate.per-second=100000", "--incident-ledger.limits.write-rate.burst=100000");

    /**
     * Starts {@code jar} on {@code port} and waits until it is healthy.
     *
     * @param name    names the log file, e.g. {@code CrossServiceOnH2IT-command-service}
     * @param appArgs Spring Boot arguments after {@code --server.port}, e.g. the datasource settings
     */
    public static ServiceProcess start(String name, Path jar, int port, List<String> appArgs, Duration deadline) {
        Path logFile = RepoPaths.logsDir().resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Daxoniq.update-checker.disabled=true");
        command.add("-Xmx384m");
        // For benchmarks and profiling, e.g. -Dservices.jvm-options=-XX:StartFlightRecording=filename=/tmp/jfr/
        String options = System.getProperty("services.jvm-options", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(StartUpArchive.launch(jar));
        command.add("--server.port=" + port);
        command.addAll(SystemTestCredentials.serviceArgs());
        if (appArgs.stream().noneMatch(arg -> arg.startsWith("--incident-ledger.limits.write-rate."))) {
            command.addAll(UNTHROTTLED_WRITES);
        }
        command.addAll(appArgs);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(RepoPaths.buildDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");

        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
        ServiceProcess service = new ServiceProcess(name, port, process, logFile);
        try {
            service.awaitHealthy(deadline);
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
        service.startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        return service;
    }

    private void awaitHealthy(Duration deadline) {
        try {
            await(name + " health UP on port " + port)
                    .atMost(deadline)
                    .pollDelay(Duration.ofMillis(200))
                    .pollInterval(Duration.ofMillis(200))
                    .pollInSameThread()
                    .until(this::isHealthy);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " did not report health UP on " + baseUrl()
                    + "/actuator/health within " + deadline.toSeconds() + " s. Log " + logFile + " ends with:\n"
                    + ProcessLogs.tail(logFile, LOG_TAIL_LINES), e);
        }
    }

    private boolean isHealthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue()
                    + " before becoming healthy. Log " + logFile + " ends with:\n"
                    + ProcessLogs.tail(logFile, LOG_TAIL_LINES));
        }
        try {
            JsonHttp.Response health = http.get("/actuator/health");
            return health.status() == 200 && "UP".equals(JsonHttp.text(health.json().path("status")));
        } catch (UncheckedIOException notListeningYet) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** From process start to the first healthy answer. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path logFile() {
        return logFile;
    }

    public String logTail() {
        return ProcessLogs.tail(logFile, LOG_TAIL_LINES);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no flush. Waits until it is gone. */
    public void crash() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (Spring's graceful shutdown), wait, then SIGKILL. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook runs anyway
        }
    }

    private void kill() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The java the services run on: see {@link ServiceJava}. */
    static String javaExecutable() {
        return ServiceJava.executable();
    }

    @Override
    public String toString() {
        return name + "@" + baseUrl() + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
