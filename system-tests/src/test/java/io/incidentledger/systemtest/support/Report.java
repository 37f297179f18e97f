package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The figures a run measures (start-up times, latencies, the demo table): printed to standard output, which
 * failsafe shows in the build log, and appended to {@code system-tests/target/system-test-report.txt}.
 */
public final class Report {

    private Report() {
    }

    public static synchronized void line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args);
        System.out.println(line);
        System.out.flush();
        try {
            Files.writeString(RepoPaths.buildDir().resolve("system-test-report.txt"), line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("(could not append to system-test-report.txt: " + e + ")");
        }
    }
}
