package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * command-service and query-service, started in that order (command-service owns the schema) against one
 * database: a fresh H2 data directory ({@link #onH2()}) or a fresh database on the JVM's shared
 * {@link LocalPostgres} ({@link #onPostgres()}). Closing stops query-service, then command-service.
 */
public final class LedgerCluster implements AutoCloseable {

    public static final String COMMAND_SERVICE = "command-service";
    public static final String QUERY_SERVICE = "query-service";
    public enum Backend {
        H2, POSTGRES;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Backend backend;
    private final String label;
    private final String database;
    private final List<String> databaseArgs;
    private final ServiceProcess commandService;
    private final ServiceProcess queryService;
    private final JsonHttp commands;
    private final JsonHttp queries;
    private LocalPostgres server;

    private LedgerCluster(Backend backend, String label, String database, List<String> databaseArgs,
                          ServiceProcess commandService, ServiceProcess queryService) {
        this.backend = backend;
        this.label = label;
        this.database = database;
        this.databaseArgs = List.copyOf(databaseArgs);
        this.commandService = commandService;
        this.queryService = queryService;
        this.commands = new JsonHttp(commandService.baseUrl());
        this.queries = new JsonHttp(queryService.baseUrl());
    }

    public static LedgerCluster onH2() {
        return h2().start();
    }

    public static LedgerCluster onPostgres() {
        return postgres().start();
    }

    public static Builder h2() {
        return new Builder(Backend.H2);
    }

    public static Builder postgres() {
        return new Builder(Backend.POSTGRES);
    }

    /** The command side's API ({@code POST /api/components}, {@code /api/incidents}...). */
    public JsonHttp commands() {
        return commands;
    }

    /** The query side's API ({@code GET /api/status}, {@code /api/incidents/{id}}...). */
    public JsonHttp queries() {
        return queries;
    }

    public ServiceProcess commandService() {
        return commandService;
    }

    public ServiceProcess queryService() {
        return queryService;
    }

    public Backend backend() {
        return backend;
    }

    public String label() {
        return label;
    }

    /** The H2 data directory or the PostgreSQL database name. */
    public String database() {
        return database;
    }

    /** The Spring Boot arguments that point a service at this cluster's database, e.g. for a second instance. */
    public List<String> databaseArgs() {
        return databaseArgs;
    }

    /** A JDBC connection to the cluster's database, opened by the test itself (H2 through its auto-server). */
    public java.sql.Connection connect() throws java.sql.SQLException {
        if (backend == Backend.H2) {
            return java.sql.DriverManager.getConnection("jdbc:h2:file:" + database + "/ledger;AUTO_SERVER=TRUE;"
                    + "WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
        }
        return (server != null ? server : LocalPostgres.shared()).connect(database);
    }

    /** {@code STARTUP command-service=..ms query-service=..ms (backend=h2, label)}. */
    public String startupLine() {
        return "STARTUP command-service=" + commandService.startupTime().toMillis() + "ms query-service="
                + queryService.startupTime().toMillis() + "ms (backend=" + backend.label() + ", " + label + ")";
    }

    @Override
    public void close() {
        try {
            queryService.close();
        } finally {
            commandService.close();
        }
    }

    @Override
    public String toString() {
        return "LedgerCluster[" + label + ", " + backend.label() + " " + database + ", commands " + commandService
                + ", queries " + queryService + "]";
    }

    public static final class Builder {

        private final Backend backend;
        private String label = "cluster";
        private final List<String> commandArgs = new ArrayList<>();
        private final List<String> queryArgs = new ArrayList<>();
        private Duration startDeadline = ServiceProcess.DEFAULT_START_DEADLINE;
        private LocalPostgres server;

        private Builder(Backend backend) {
            this.backend = backend;
        }

        /** Names log files and databases, e.g. the test class's simple name. */
        public Builder label(String label) {
            this.label = label.replaceAll("[^A-Za-z0-9_.-]+", "-");
            return this;
        }

        /** Extra Spring Boot arguments for command-service only, e.g. {@code --incident-ledger.demo=true}. */
        public Builder commandServiceArgs(String... args) {
            commandArgs.addAll(List.of(args));
            return this;
        }

        /** Extra Spring Boot arguments for query-service only. */
        public Builder queryServiceArgs(String... args) {
            queryArgs.addAll(List.of(args));
            return this;
        }

        /**
         * On PostgreSQL: a fresh database on this server rather than on the JVM's shared one, for a test that stops
         * and restarts it.
         */
        public Builder on(LocalPostgres server) {
            if (backend != Backend.POSTGRES) {
                throw new IllegalStateException("a PostgreSQL server for a cluster on " + backend.label());
            }
            this.server = server;
            return this;
        }

        /** Per service; default {@link ServiceProcess#DEFAULT_START_DEADLINE}. */
        public Builder startDeadline(Duration deadline) {
            this.startDeadline = deadline;
            return this;
        }

        public LedgerCluster start() {
            // Both jars are checked before anything starts, so a missing one fails fast and clearly.
            Path commandJar = RepoPaths.serviceJar(COMMAND_SERVICE);
            Path queryJar = RepoPaths.serviceJar(QUERY_SERVICE);

            String database;
            List<String> dbArgs;
            if (backend == Backend.H2) {
                Path dataDir = freshDataDir(label);
                database = dataDir.toString();
                dbArgs = List.of("--incident-ledger.data-dir=" + dataDir);
            } else {
                LocalPostgres postgres = server != null ? server : LocalPostgres.shared();
                database = postgres.createUniqueDatabase(label);
                dbArgs = postgres.springArgs(database);
            }

            String runId = label + "-" + backend.label() + "-" + System.currentTimeMillis() % 100_000;
            List<String> commandServiceArgs = new ArrayList<>(dbArgs);
            commandServiceArgs.addAll(commandArgs);
            ServiceProcess commandService = ServiceProcess.start(runId + "-" + COMMAND_SERVICE, commandJar,
                    FreePorts.next(), commandServiceArgs, startDeadline);
            try {
                List<String> queryServiceArgs = new ArrayList<>(dbArgs);
                queryServiceArgs.addAll(queryArgs);
                ServiceProcess queryService = ServiceProcess.start(runId + "-" + QUERY_SERVICE, queryJar,
                        FreePorts.next(), queryServiceArgs, startDeadline);
                LedgerCluster cluster = new LedgerCluster(backend, label, database, dbArgs, commandService,
                        queryService);
                cluster.server = server;
                return cluster;
            } catch (RuntimeException | Error e) {
                commandService.close();
                throw e;
            }
        }

        private static Path freshDataDir(String label) {
            Path parent = RepoPaths.createDirectories(RepoPaths.buildDir().resolve("service-data"));
            try {
                return Files.createTempDirectory(parent, label + "-h2-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create an H2 data directory under " + parent, e);
            }
        }
    }
}
