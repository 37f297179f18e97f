package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The services start from start.sh's class data sharing archives, as a user's do: the suite starts dozens of
 * services, and an archive takes about 5 s off each start on these two cores. The archives are made once per
 * build, by {@code start.sh --prepare-archives} (no build of its own), before the first service starts; a
 * service whose archive is missing or stale (another jar, another Java) starts from its plain jar, as start.sh
 * would, and a JVM that refuses an archive runs without it. Should making them fail, only the speed-up is lost.
 */
final class StartUpArchive {

    private static boolean prepared;
    private static String javaVersion;

    private StartUpArchive() {
    }

    /** The {@code java} arguments that run {@code jar}: from its archive when it has a fresh one. */
    static List<String> launch(Path jar) {
        Path archive = jar.resolveSibling("cds");
        if (isRepositoryJar(jar)) {
            prepareOnce();
            if (fresh(jar, archive)) {
                return List.of("-XX:SharedArchiveFile=" + archive.resolve("app.jsa"), "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off", "-jar", archive.resolve("app").resolve(jar.getFileName()).toString());
            }
        }
        return List.of("-jar", jar.toString());
    }

    private static boolean isRepositoryJar(Path jar) {
        return jar.startsWith(RepoPaths.repoRoot()) && Files.isRegularFile(RepoPaths.repoRoot().resolve("start.sh"));
    }

    private static synchronized void prepareOnce() {
        if (prepared) {
            return;
        }
        prepared = true;
        Path log = RepoPaths.logsDir().resolve("start-up-archives.log");
        try {
            Process process = new ProcessBuilder("bash", "start.sh", "--prepare-archives")
                    .directory(RepoPaths.repoRoot().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(4, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // Only the speed-up is lost: the services start from their jars.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** start.sh's own test: the stamp written last names this jar (size, mtime) and this Java. */
    private static boolean fresh(Path jar, Path archive) {
        try {
            if (!Files.isRegularFile(archive.resolve("app.jsa")) || !Files.isRegularFile(archive.resolve("stamp"))) {
                return false;
            }
            String stamp = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() / 1000 + " "
                    + javaVersion();
            return stamp.equals(Files.readString(archive.resolve("stamp"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    /** The first line {@code java -version} prints, for the java that start.sh and the services run. */
    private static synchronized String javaVersion() throws IOException {
        if (javaVersion == null) {
            Process process = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            javaVersion = output.lines().findFirst().orElse("");
        }
        return javaVersion;
    }
}
