package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK the started services run on. The build and the modules' Spring tests run on the JDK that runs Maven
 * (17 here), so those cover the oldest Java the README promises. The services the system tests start run on the
 * newest JDK the machine has, when that is newer: it covers the other end of "Java 17 and newer", and from Java
 * 25 on start.sh's AOT cache makes each of the suite's many starts about twice as fast as the class data sharing
 * archive Java 17 can use.
 *
 * <p>In order: {@code -Dservices.java.home}, {@code $SERVICES_JAVA_HOME}; else the newest JDK under
 * {@code /usr/lib/jvm} (by its {@code release} file) if its feature version is higher than the test JVM's; else
 * the test JVM's own.
 */
public final class ServiceJava {

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Path SYSTEM_JDKS = Path.of("/usr/lib/jvm");

    private static Path home;

    private ServiceJava() {
    }

    /** The JDK's home directory; {@code bin/java} under it runs the services, and start.sh gets it as JAVA_HOME. */
    public static synchronized Path home() {
        if (home == null) {
            home = resolve();
        }
        return home;
    }

    static String executable() {
        return home().resolve("bin").resolve("java").toString();
    }

    /** The JDK's feature version (17, 25, ...), from its {@code release} file; 0 when it has none. */
    static int feature(Path jdk) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(jdk.resolve("release"), StandardCharsets.UTF_8));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Path resolve() {
        String configured = Optional.ofNullable(System.getProperty("services.java.home"))
                .filter(value -> !value.isBlank())
                .orElse(System.getenv("SERVICES_JAVA_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path own = Path.of(System.getProperty("java.home"));
        int ownFeature = Runtime.version().feature();
        return newestSystemJdk().filter(jdk -> feature(jdk) > ownFeature).orElse(own);
    }

    private static Optional<Path> newestSystemJdk() {
        if (!Files.isDirectory(SYSTEM_JDKS)) {
            return Optional.empty();
        }
        try (Stream<Path> jdks = Files.list(SYSTEM_JDKS)) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin").resolve("java")))
                    .max(Comparator.comparingInt(ServiceJava::feature).thenComparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
