package io.incidentledger.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * start.sh's {@code --print-launch} is the one command line the services start with (start.sh itself,
 * bench/startup.sh and the system tests' {@link StartUpArchive}): from a fresh start-up archive when there is
 * one, from the plain jar when there is none or it is stale. Run on a copy of start.sh beside a stand-in jar, so
 * it needs no build and makes no archive.
 */
class StartUpArchiveTest {

    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path repo;

    @Test
    void aFreshArchiveIsUsedAndAStaleOneIsNot() throws Exception {
        Files.copy(RepoPaths.repoRoot().resolve("start.sh"), repo.resolve("start.sh"));
        Path target = Files.createDirectories(repo.resolve("query-service/target"));
        Path jar = Files.write(target.resolve("query-service.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:00Z")));

        assertThat(printLaunch("query-service").output()).containsExactly(
                "-Daxoniq.update-checker.disabled=true", "-jar", jar.toString());

        // The archive start.sh makes on this Java, with the stamp it writes last: size, mtime, `java -version`.
        boolean aotCache = Runtime.version().feature() >= 25;
        Path cds = Files.createDirectories(target.resolve("cds"));
        Path archive = Files.write(cds.resolve(aotCache ? "app.aot" : "app.jsa"), new byte[] {4});
        Files.writeString(cds.resolve("stamp"), "3 " + Instant.parse("2026-12-01T10:00:00Z").getEpochSecond() + " "
                + javaVersionLine(), StandardCharsets.UTF_8);
        assertThat(printLaunch("query-service").output()).containsExactly(
                (aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive,
                aotCache ? "-Xlog:aot=off" : "-Xlog:cds=off",
                aotCache ? "-Xlog:cds=off" : "-Xlog:cds+dynamic=off",
                "-Daxoniq.update-checker.disabled=true", "-jar", cds.resolve("app/query-service.jar").toString());

        // Rebuilt: the archive no longer matches the jar.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-02T10:00:00Z")));
        assertThat(printLaunch("query-service").output()).containsExactly(
                "-Daxoniq.update-checker.disabled=true", "-jar", jar.toString());
    }

    @Test
    void onlyTheTwoServicesHaveALaunch() throws Exception {
        Files.copy(RepoPaths.repoRoot().resolve("start.sh"), repo.resolve("start.sh"));
        Printed printed = printLaunch("nonsense");
        assertThat(printed.exitCode()).isEqualTo(2);
        assertThat(printed.output()).isEmpty();
        assertThat(StartUpArchive.launch(repo.resolve("elsewhere.jar")))
                .containsExactly("-jar", repo.resolve("elsewhere.jar").toString());
    }

    private record Printed(int exitCode, List<String> output) {
    }

    private Printed printLaunch(String service) throws IOException, InterruptedException {
        // Only standard output is the launch (a warning on standard error must not become an argument).
        ProcessBuilder builder = new ProcessBuilder("bash", "start.sh", "--print-launch", service)
                .directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Printed(process.exitValue(), new String(output, StandardCharsets.UTF_8).lines().toList());
    }

    private static String javaVersionLine() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(JAVA_HOME, "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output.lines().findFirst().orElseThrow();
    }
}
