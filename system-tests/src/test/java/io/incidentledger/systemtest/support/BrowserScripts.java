package io.incidentledger.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Node side of the browser tests: the scripts in {@code system-tests/browser} (Playwright driving Debian's
 * chromium, axe-core), their npm packages, and running one of them with a deadline. Needs {@code node}, {@code npm}
 * and {@code /usr/bin/chromium} (or {@code $CHROMIUM}); .ci/run installs them.
 */
public final class BrowserScripts {

    public static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    static final Duration NPM_DEADLINE = Duration.ofMinutes(5);

    private final Path browserDir = RepoPaths.repoRoot().resolve("system-tests").resolve("browser");

    /** What a script printed (output and errors together) and how it ended; -1 when killed at the deadline. */
    public record Run(int exitCode, String output) {
    }

    /** The folder the scripts run in. */
    public Path dir() {
        return browserDir;
    }

    /** Fails before anything starts when the tools are missing: CI installs them, a developer should too. */
    public void requireTools(String who) {
        List<String> problems = new ArrayList<>();
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            problems.add(CHROMIUM + " is missing: install Debian's chromium (`apt-get install chromium`; .ci/run does)");
        }
        for (String tool : List.of("node", "npm")) {
            try {
                Run version = run(List.of(tool, "--version"), Map.of(), Duration.ofSeconds(60));
                if (version.exitCode() != 0) {
                    problems.add("`" + tool + " --version` failed: " + version.output());
                }
            } catch (UncheckedIOException e) {
                problems.add(tool + " is not on the PATH: install nodejs and npm (.ci/run does)");
            }
        }
        assertThat(problems).as("%s needs node, npm and chromium", who).isEmpty();
    }

    /** {@code npm ci} from the committed lock file, unless the packages are already there. */
    public void installPackages() {
        if (Files.isDirectory(browserDir.resolve("node_modules/playwright-core"))
                && Files.isRegularFile(browserDir.resolve("node_modules/axe-core/axe.min.js"))) {
            return;
        }
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), NPM_DEADLINE);
        assertThat(install.exitCode()).as("npm ci in %s:%n%s", browserDir, install.output()).isZero();
    }

    /** Runs a command in {@code system-tests/browser}, output and errors together; kills it at the deadline. */
    public Run run(List<String> command, Map<String, String> env, Duration deadline) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(browserDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "output-of-" + command.get(0));
        pump.start();
        try {
            boolean finished = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // The script's browser is its child: stop it too.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(10_000);
            String text = output.toString(StandardCharsets.UTF_8);
            return new Run(finished ? process.exitValue() : -1,
                    finished ? text : text + "\n(killed after " + deadline.toSeconds() + " s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
