package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The services start from start.sh's start-up archives, as a user's do: the suite starts dozens of services,
 * and on these two cores an AOT cache (Java 25+) halves each start, a class data sharing archive (Java 17)
 * takes about a quarter off. The archives are made once per build, by {@code start.sh --prepare-archives} (no
 * build of its own) with the services' Java as JAVA_HOME, before the first service starts. The command line is
 * start.sh's own ({@code start.sh --print-launch <service>}): from the archive when it is fresh for this jar and
 * this Java, else the plain jar, so the suite cannot drift from what start.sh runs. Should either fail, only the
 * speed-up is lost: the service starts from its jar.
 */
final class StartUpArchive {

    private static boolean prepared;
    private static final Map<Path, List<String>> LAUNCHES = new ConcurrentHashMap<>();

    private StartUpArchive() {
    }

    /** The {@code java} arguments that run {@code jar}, after the JVM options: start.sh's for a jar it starts. */
    static List<String> launch(Path jar) {
        String service = service(jar);
        if (service == null) {
            return List.of("-jar", jar.toString());
        }
        prepareOnce();
        return LAUNCHES.computeIfAbsent(jar, j -> printed(service, j));
    }

    /** The service whose jar start.sh runs ({@code <service>/target/<service>.jar} in this repository), or null. */
    private static String service(Path jar) {
        Path root = RepoPaths.repoRoot();
        if (!Files.isRegularFile(root.resolve("start.sh"))) {
            return null;
        }
        for (String service : List.of("command-service", "query-service")) {
            if (jar.toAbsolutePath().normalize().equals(root.resolve(service).resolve("target")
                    .resolve(service + ".jar").toAbsolutePath().normalize())) {
                return service;
            }
        }
        return null;
    }

    private static synchronized void prepareOnce() {
        if (prepared) {
            return;
        }
        prepared = true;
        Path log = RepoPaths.logsDir().resolve("start-up-archives.log");
        run(List.of("bash", "start.sh", "--prepare-archives"), log, log, 4);
    }

    private static List<String> printed(String service, Path jar) {
        Path output = RepoPaths.logsDir().resolve("start-up-launch-" + service + ".txt");
        Path errors = RepoPaths.logsDir().resolve("start-up-launch-" + service + ".log");
        if (run(List.of("bash", "start.sh", "--print-launch", service), output, errors, 1)) {
            try {
                List<String> arguments = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isEmpty()).toList();
                if (arguments.contains("-jar")) {
                    return arguments;
                }
            } catch (IOException e) {
                // as below
            }
        }
        return List.of("-jar", jar.toString());
    }

    /** Runs start.sh with the services' Java as JAVA_HOME; whether it exited 0 in time. */
    private static boolean run(List<String> command, Path output, Path errors, int minutes) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(RepoPaths.repoRoot().toFile())
                    .redirectOutput(output.toFile());
            if (errors.equals(output)) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(errors.toFile());
            }
            builder.environment().put("JAVA_HOME", ServiceJava.home().toString());
            Process process = builder.start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
