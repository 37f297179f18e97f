package io.incidentledger.systemtest.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A throwaway PostgreSQL server: the machine's own binaries (Debian's {@code /usr/lib/postgresql/<v>/bin},
 * newest first, else {@code initdb}/{@code pg_ctl}/{@code postgres} on the PATH), installed with apt-get when
 * missing and we are root. A fresh cluster in a temporary directory ({@code initdb -A trust -U ledger}), run
 * with durability off on a free loopback port. PostgreSQL refuses to run as root, so as root every PostgreSQL
 * command runs as {@code postgres} (or {@code nobody}) through {@code runuser} (or {@code setpriv}).
 *
 * <p>{@link #shared()} is one lazily started instance per JVM, stopped by a shutdown hook; tests get a fresh
 * database each with {@link #createDatabase(String)} / {@link #createUniqueDatabase(String)}.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "ledger";
    /** Authentication is {@code trust}: any password is accepted; services are given this one. */
    public static final String PASSWORD = "ledger";

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();

    private static LocalPostgres shared;

    private final Path binDir;
    private final Path rootDir;
    private final Path dataDir;
    private final int port;
    private final List<String> runAs;
    private final Path logFile;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Process server;
    private Duration startupTime;

    private LocalPostgres(Path binDir, Path rootDir, int port, List<String> runAs, Path logFile) {
        this.binDir = binDir;
        this.rootDir = rootDir;
        this.dataDir = rootDir.resolve("data");
        this.port = port;
        this.runAs = runAs;
        this.logFile = logFile;
    }

    /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
    public static synchronized LocalPostgres shared() {
        if (shared == null || !shared.isRunning()) {
            LocalPostgres started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-local-postgres"));
            shared = started;
        }
        return shared;
    }

    /** A new, private instance; the caller closes it. */
    public static LocalPostgres start() {
        long startNanos = System.nanoTime();
        Path binDir = findBinDir().orElseGet(LocalPostgres::installWithApt);
        boolean root = isRoot();
        String user = root ? unprivilegedUser() : null;
        List<String> runAs = root ? runAsPrefix(user) : List.of();

        Path rootDir = createRootDir(user);
        int port = FreePorts.next();
        Path logFile = RepoPaths.logsDir().resolve("postgres-" + port + ".log");
        LocalPostgres pg = new LocalPostgres(binDir, rootDir, port, runAs, logFile);
        try {
            pg.initdb();
            pg.startServer();
            pg.awaitAcceptingConnections();
        } catch (RuntimeException | Error e) {
            pg.close();
            throw e;
        }
        pg.startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        return pg;
    }

    // ---- locating or installing the binaries ----------------------------------------------------------------

    static Optional<Path> findBinDir() {
        String override = System.getenv("PG_BIN");
        if (override != null && !override.isBlank() && hasBinaries(Path.of(override))) {
            return Optional.of(Path.of(override));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions
                        .map(v -> v.resolve("bin"))
                        .filter(LocalPostgres::hasBinaries)
                        .max(Comparator.comparing(bin -> bin.getParent().getFileName().toString(),
                                LocalPostgres::compareVersions));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path initdb = Path.of(entry, "initdb");
                if (Files.isExecutable(initdb)) {
                    try {
                        Path real = initdb.toRealPath().getParent();
                        if (hasBinaries(real)) {
                            return Optional.of(real);
                        }
                    } catch (IOException e) {
                        // try the next entry
                    }
                    if (hasBinaries(Path.of(entry))) {
                        return Optional.of(Path.of(entry));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasBinaries(Path dir) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(b -> Files.isExecutable(dir.resolve(b)));
    }

    static int compareVersions(String a, String b) {
        int[] x = Arrays.stream(a.split("\\D+")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int[] y = Arrays.stream(b.split("\\D+")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        return Arrays.compare(x, y);
    }

    private static synchronized Path installWithApt() {
        Optional<Path> already = findBinDir();
        if (already.isPresent()) {
            return already.get();
        }
        String why = "PostgreSQL binaries (initdb, pg_ctl, postgres) were found neither under /usr/lib/postgresql/*/bin "
                + "nor on the PATH";
        if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException(why + ", and they cannot be installed automatically (that needs root and "
                    + "apt-get). Install them, e.g. `sudo apt-get install postgresql`, or set PG_BIN to their directory.");
        }
        Path aptLog = RepoPaths.logsDir().resolve("apt-get-postgresql.log");
        List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql");
        if (run(install, aptLog, APT_TIMEOUT) != 0) {
            // Typically a fresh machine without package lists.
            run(List.of("apt-get", "update", "-q"), aptLog, APT_TIMEOUT);
            int code = run(install, aptLog, APT_TIMEOUT);
            if (code != 0) {
                throw new IllegalStateException(why + ", and `apt-get install postgresql` failed (exit " + code
                        + "). " + aptLog + " ends with:\n" + ProcessLogs.tail(aptLog, 40));
            }
        }
        return findBinDir().orElseThrow(() -> new IllegalStateException(
                why + " even after `apt-get install postgresql`. See " + aptLog));
    }

    // ---- running as an unprivileged user ---------------------------------------------------------------------

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String unprivilegedUser() {
        for (String candidate : List.of("postgres", "nobody")) {
            if (run(List.of("id", "-u", candidate), null, COMMAND_TIMEOUT) == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("Running as root, and neither user 'postgres' nor 'nobody' exists to run "
                + "PostgreSQL as (it refuses to run as root).");
    }

    private static List<String> runAsPrefix(String user) {
        if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))
                || onPath("runuser")) {
            return List.of("runuser", "-u", user, "--");
        }
        if (Files.isExecutable(Path.of("/usr/bin/setpriv")) || onPath("setpriv")) {
            String uid = output(List.of("id", "-u", user)).trim();
            String gid = output(List.of("id", "-g", user)).trim();
            return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--");
        }
        throw new IllegalStateException("Running as root, but neither runuser nor setpriv is available to run "
                + "PostgreSQL as '" + user + "' (it refuses to run as root).");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    /** A fresh directory the server's user owns, under a parent chain that user can traverse. */
    private static Path createRootDir(String user) {
        List<Path> bases = new ArrayList<>();
        bases.add(Path.of(System.getProperty("java.io.tmpdir")));
        bases.add(Path.of("/tmp"));
        for (Path base : bases) {
            if (!Files.isDirectory(base) || (user != null && !traversableByOthers(base))) {
                continue;
            }
            try {
                // Short name: the socket path <dir>/.s.PGSQL.<port> must stay under 107 bytes.
                Path dir = Files.createTempDirectory(base.toAbsolutePath(), "ledger-pg-");
                if (user != null) {
                    int code = run(List.of("chown", user + ":", dir.toString()), null, COMMAND_TIMEOUT);
                    if (code != 0) {
                        throw new IllegalStateException("chown " + user + " " + dir + " failed (exit " + code + ")");
                    }
                }
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory under " + base, e);
            }
        }
        throw new IllegalStateException("No temporary directory whose parents user '" + user
                + "' can traverse (tried " + bases + ")");
    }

    /** Every directory from {@code dir} up to / has the others-execute bit, or {@code dir} is sticky /tmp-like. */
    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    private void initdb() {
        List<String> command = asServerUser(binDir.resolve("initdb").toString(),
                "-D", dataDir.toString(), "-A", "trust", "-U", USER, "--no-sync", "-E", "UTF8", "--locale=C");
        int code = run(command, logFile, COMMAND_TIMEOUT, rootDir);
        if (code != 0) {
            throw new IllegalStateException("initdb failed (exit " + code + "): " + String.join(" ", command)
                    + "\n" + logFile + " ends with:\n" + ProcessLogs.tail(logFile, 40));
        }
    }

    private void startServer() {
        List<String> command = asServerUser(binDir.resolve("postgres").toString(),
                "-D", dataDir.toString(), "-p", Integer.toString(port), "-k", rootDir.toString(),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(rootDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("LC_ALL", "C");
        try {
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL: " + String.join(" ", command), e);
        }
    }

    private void awaitAcceptingConnections() {
        try {
            await("PostgreSQL accepting connections on port " + port)
                    .atMost(START_DEADLINE)
                    .pollDelay(Duration.ofMillis(100))
                    .pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(() -> {
                        if (!server.isAlive()) {
                            throw new IllegalStateException("PostgreSQL exited with code " + server.exitValue()
                                    + ". " + logFile + " ends with:\n" + ProcessLogs.tail(logFile, 40));
                        }
                        try (Connection ignored = connect("postgres")) {
                            return true;
                        } catch (SQLException notYet) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not accept connections on port " + port + " within "
                    + START_DEADLINE.toSeconds() + " s. " + logFile + " ends with:\n"
                    + ProcessLogs.tail(logFile, 40), e);
        }
    }

    public boolean isRunning() {
        return !closed.get() && server != null && server.isAlive();
    }

    /**
     * Takes the database away, as an outage would: {@code pg_ctl -m fast stop} cuts every connection at once and
     * the port stops answering. The data directory and the port are kept for {@link #restart()}.
     */
    public synchronized void stop() {
        if (closed.get() || server == null || !server.isAlive()) {
            return;
        }
        int code = run(asServerUser(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast",
                "-w", "-t", "30", "stop"), logFile, Duration.ofSeconds(40), rootDir);
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("PostgreSQL still running after pg_ctl stop (exit " + code + "). "
                        + logFile + " ends with:\n" + ProcessLogs.tail(logFile, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL", e);
        }
    }

    /** Brings the server back after {@link #stop()}: same data directory and port; returns once it answers. */
    public synchronized void restart() {
        if (closed.get()) {
            throw new IllegalStateException("closed: " + this);
        }
        if (server != null && server.isAlive()) {
            return;
        }
        startServer();
        awaitAcceptingConnections();
    }

    /** {@code pg_ctl -m fast stop}, then the process is killed if still there, and the directory removed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (server != null && server.isAlive()) {
                run(asServerUser(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast",
                        "-w", "-t", "30", "stop"), logFile, Duration.ofSeconds(40), rootDir);
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.descendants().forEach(ProcessHandle::destroyForcibly);
                    server.destroyForcibly();
                    server.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteRecursively(rootDir);
        }
    }

    // ---- databases ---------------------------------------------------------------------------------------------

    /** {@code CREATE DATABASE <name>}; returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** A database named {@code <prefix>_<n>_<random>} (prefix lower-cased, non [a-z0-9] replaced). */
    public String createUniqueDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "db_" + clean;
        }
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        String name = clean + "_" + DATABASE_COUNTER.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        createDatabase(name);
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** The Spring Boot arguments that point a service at {@code database}. */
    public List<String> springArgs(String database) {
        return List.of("--spring.datasource.url=" + jdbcUrl(database),
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=" + PASSWORD);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path binDir() {
        return binDir;
    }

    /** From looking for the binaries (and installing them, if it came to that) to the first connection. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + binDir + ", port " + port + ", " + dataDir
                + (runAs.isEmpty() ? "" : ", as " + runAs.get(runAs.indexOf("--") - 1)) + "]";
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        return full;
    }

    private static int run(List<String> command, Path log, Duration timeout) {
        return run(command, log, timeout, null);
    }

    private static int run(List<String> command, Path log, Duration timeout, Path workingDir) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command));
            }
            return process.exitValue();
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp dir is harmless
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
