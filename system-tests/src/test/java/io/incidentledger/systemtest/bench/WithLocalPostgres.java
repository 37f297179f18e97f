package io.incidentledger.systemtest.bench;

import java.util.List;

import io.incidentledger.systemtest.support.LocalPostgres;

/**
 * Benchmark helper, not a test: runs a command (its arguments) beside a throwaway PostgreSQL, the one the system
 * tests start ({@link LocalPostgres}: Debian's server in a temporary directory, as an unprivileged user, durability
 * off), with {@code BENCH_JDBC_URL}, {@code BENCH_JDBC_USER} and {@code BENCH_JDBC_PASSWORD} naming a fresh
 * database in its environment; stops the server after it and exits with the command's exit code.
 */
public final class WithLocalPostgres {

    private WithLocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: WithLocalPostgres <command> [argument ...]");
            System.exit(2);
        }
        int exit;
        try (LocalPostgres postgres = LocalPostgres.start()) {
            String url = postgres.createDatabase("bench");
            ProcessBuilder command = new ProcessBuilder(List.of(args)).inheritIO();
            command.environment().put("BENCH_JDBC_URL", url);
            command.environment().put("BENCH_JDBC_USER", LocalPostgres.USER);
            command.environment().put("BENCH_JDBC_PASSWORD", LocalPostgres.PASSWORD);
            System.err.printf("PostgreSQL from %s (durability off): %s%n", postgres.binDir(), url);
            exit = command.start().waitFor();
        }
        System.exit(exit);
    }
}
