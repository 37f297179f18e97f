package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The figures a run measures (start-up times, latencies, the demo table): printed to standard output, which
 * failsafe shows in the build log, and written to {@code system-tests/target/system-test-report.txt}.
 */
public final class Report {

    private static boolean started;

    private Report() {
    }

    public static synchronized void line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args);
        System.out.println(line);
        System.out.flush();
        try {
            // The first line of a run replaces the previous run's file.
            StandardOpenOption mode = started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            started = true;
            Files.writeString(RepoPaths.buildDir().resolve("system-test-report.txt"), line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        } catch (IOException | RuntimeException e) {
            System.err.println("(could not append to system-test-report.txt: " + e + ")");
        }
    }
}
