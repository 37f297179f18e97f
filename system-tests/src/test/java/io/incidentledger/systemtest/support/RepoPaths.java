package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the repository root (failsafe passes {@code incident-ledger.repo-root}), the services'
 * fat jars, and this module's build directory, under which service logs and data directories go.
 */
public final class RepoPaths {

    public static final String REPO_ROOT_PROPERTY = "incident-ledger.repo-root";
    public static final String BUILD_DIR_PROPERTY = "incident-ledger.system-tests.build-dir";

    private RepoPaths() {
    }

    public static Path repoRoot() {
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // Run from an IDE: walk up from the working directory to the directory holding system-tests/.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("system-tests")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root: set -D" + REPO_ROOT_PROPERTY + "=<dir>");
    }

    public static Path buildDir() {
        String configured = System.getProperty(BUILD_DIR_PROPERTY);
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured) : repoRoot().resolve("system-tests").resolve("target");
        return createDirectories(dir.toAbsolutePath().normalize());
    }

    /** {@code system-tests/target/service-logs/}: one file per started process. */
    public static Path logsDir() {
        return createDirectories(buildDir().resolve("service-logs"));
    }

    /**
     * {@code <module>/target/<module>.jar} (the lead's poms set {@code <finalName>} to the module name), or
     * {@code -Dincident-ledger.<module>.jar=...}. Fails with instructions when the jar was not built.
     */
    public static Path serviceJar(String module) {
        String override = System.getProperty("incident-ledger." + module + ".jar");
        Path jar = override != null && !override.isBlank()
                ? Path.of(override).toAbsolutePath().normalize()
                : repoRoot().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The " + module + " fat jar is missing: " + jar + "\n"
                    + "system-tests runs the packaged services. Build them first, from the repository root: "
                    + "`./mvnw -B verify` (the full reactor; system-tests is its last module) or "
                    + "`./mvnw -B package -DskipTests -pl " + module + " -am`.");
        }
        return jar;
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
