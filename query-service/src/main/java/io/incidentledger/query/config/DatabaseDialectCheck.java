package io.incidentledger.query.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Refuses to start on a database the schema and the projections cannot work with, with one sentence naming the
 * setting to fix, instead of starting "UP" and then failing every projection write. The projections write
 * PostgreSQL's {@code INSERT ... ON CONFLICT DO NOTHING}: that takes PostgreSQL, or H2 in its PostgreSQL mode
 * ({@code MODE=PostgreSQL} in {@code spring.datasource.url}); without it H2 rejects every such write.
 *
 * <p>Runs when the bean is created, before any processor starts; a database that cannot be reached at all is not
 * judged here (the outage handling covers it) and the check is skipped with a warning.
 */
@Component
class DatabaseDialectCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDialectCheck.class);

    private final DataSource dataSource;

    DatabaseDialectCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        try (Connection connection = dataSource.getConnection()) {
            check(connection);
        } catch (SQLException e) {
            log.warn("Could not check the database's dialect at start-up ({}); going on", e.toString());
        }
    }

    static void check(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String url = connection.getMetaData().getURL();
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return;
        }
        if (!"H2".equalsIgnoreCase(product)) {
            throw new IllegalStateException("query-service needs PostgreSQL or H2 with MODE=PostgreSQL, but "
                    + "spring.datasource.url (" + url + ") points at " + product + ".");
        }
        String mode;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'")) {
            mode = rs.next() ? rs.getString(1) : "REGULAR";
        }
        if (!"postgresql".equals(mode == null ? "" : mode.toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException("The H2 database is in " + mode + " mode, in which every projection "
                    + "write (INSERT ... ON CONFLICT DO NOTHING) fails: add ;MODE=PostgreSQL to "
                    + "spring.datasource.url (now " + url + ").");
        }
    }
}
