package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The services start from start.sh's start-up archives, as a user's do: the suite starts dozens of services,
 * and on these two cores an AOT cache (Java 25+) halves each start, a class data sharing archive (Java 17)
 * takes about a quarter off. The archives are made once per build, by {@code start.sh --prepare-archives} (no
 * build of its own) with the services' Java as JAVA_HOME, before the first service starts; a service whose
 * archive is missing or stale (another jar, another Java) starts from its plain jar, as start.sh would, and a
 * JVM that refuses an archive runs without it. Should making them fail, only the speed-up is lost. The command
 * lines are start.sh's ({@code start()}), kept in step by hand.
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
            String extracted = archive.resolve("app").resolve(jar.getFileName()).toString();
            boolean aotCache = aotCache();
            Path file = archive.resolve(aotCache ? "app.aot" : "app.jsa");
            if (fresh(jar, archive, file)) {
                return aotCache
                        ? List.of("-XX:AOTCache=" + file, "-Xlog:aot=off", "-Xlog:cds=off", "-jar", extracted)
                        : List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                                "-jar", extracted);
            }
        }
        return List.of("-jar", jar.toString());
    }

    /** start.sh makes an AOT cache on Java 25 and newer (-XX:AOTCacheOutput), a CDS archive before. */
    private static boolean aotCache() {
        return ServiceJava.feature(ServiceJava.home()) >= 25;
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
            ProcessBuilder builder = new ProcessBuilder("bash", "start.sh", "--prepare-archives")
                    .directory(RepoPaths.repoRoot().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", ServiceJava.home().toString());
            Process process = builder.start();
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
    private static boolean fresh(Path jar, Path archive, Path file) {
        try {
            if (!Files.isRegularFile(file) || !Files.isRegularFile(archive.resolve("stamp"))) {
                return false;
            }
            String stamp = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() / 1000 + " "
                    + javaVersion();
            return stamp.equals(Files.readString(archive.resolve("stamp"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    /** The first line {@code java -version} prints, for the java that start.sh (as JAVA_HOME) and the services run. */
    private static synchronized String javaVersion() throws IOException {
        if (javaVersion == null) {
            Process process = new ProcessBuilder(ServiceJava.executable(), "-version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            javaVersion = output.lines().findFirst().orElse("");
        }
        return javaVersion;
    }
}
