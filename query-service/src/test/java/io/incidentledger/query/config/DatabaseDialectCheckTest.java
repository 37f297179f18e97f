package io.incidentledger.query.config;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up refuses a database URL the projections cannot write with, in one sentence naming the fix. */
class DatabaseDialectCheckTest {

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(DatabaseDialectCheck.class);

    @Test
    void h2WithoutPostgresModeFailsStartUpNamingTheSetting() {
        runner.withBean(DataSource.class, () -> h2("jdbc:h2:mem:no-mode;DATABASE_TO_LOWER=TRUE"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable root = context.getStartupFailure();
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(IllegalStateException.class);
                    assertThat(root.getMessage())
                            .contains("add ;MODE=PostgreSQL to spring.datasource.url", "ON CONFLICT DO NOTHING",
                                    "jdbc:h2:mem:no-mode")
                            .doesNotContain("\n");
                });
    }

    @Test
    void h2InPostgresModeStarts() {
        runner.withBean(DataSource.class, () -> h2("jdbc:h2:mem:pg-mode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anUnreachableDatabaseIsLeftToTheOutageHandling() {
        runner.withBean(DataSource.class, () -> h2("jdbc:h2:tcp://127.0.0.1:1/nowhere;MODE=PostgreSQL"))
                .run(context -> assertThat(context).hasNotFailed());
    }
}
