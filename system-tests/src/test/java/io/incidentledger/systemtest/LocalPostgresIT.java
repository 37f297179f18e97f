package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.Report;

/** The throwaway PostgreSQL the Postgres tests rely on: starts (as non-root), creates a database, stops clean. */
class LocalPostgresIT {

    @Test
    void startsCreatesADatabaseAnswersAndStopsClean() throws Exception {
        Path dataDir;
        try (LocalPostgres postgres = LocalPostgres.start()) {
            dataDir = postgres.dataDir();
            Report.line("POSTGRES started in %dms (%s)", postgres.startupTime().toMillis(), postgres);

            String database = postgres.createUniqueDatabase("LocalPostgresIT");
            assertThat(postgres.jdbcUrl(database)).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"
                    + database);
            try (Connection connection = postgres.connect(database);
                 Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("select 1, current_database(), current_user")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo(database);
                    assertThat(rs.getString(3)).isEqualTo(LocalPostgres.USER);
                }
                try (ResultSet rs = statement.executeQuery("show fsync")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("off");
                }
                statement.execute("create table t (id int primary key)");
                statement.execute("insert into t values (1)");
            }
            assertThat(postgres.isRunning()).isTrue();
        }
        assertThat(Files.exists(dataDir)).as("data directory removed on close").isFalse();
    }
}
