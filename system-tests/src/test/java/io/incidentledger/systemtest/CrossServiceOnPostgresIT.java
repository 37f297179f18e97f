package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.incidentledger.systemtest.support.LedgerCluster;

/** The cross-service contract on PostgreSQL: a fresh database on the JVM's throwaway local server. */
class CrossServiceOnPostgresIT extends CrossServiceContract {

    @Override
    protected LedgerCluster startCluster() {
        return LedgerCluster.postgres().label(getClass().getSimpleName()).start();
    }

    /**
     * On PostgreSQL every query-service instance hears of a committed projection change at once (NOTIFY on the
     * projection's commit, one LISTEN connection per instance), not at its next poll of projection_change. Checked
     * from both ends: query-service's listening connection is there, and a command's projection notifies a listener
     * of the test's own.
     */
    @Test
    @Order(100)
    void aCommittedProjectionChangeIsSignalledToEveryListeningInstance() throws Exception {
        try (Connection connection = cluster().connect()) {
            await("query-service's connection listening on projection_change").atMost(PROJECTION_DEADLINE)
                    .untilAsserted(() -> {
                        try (Statement statement = connection.createStatement();
                             ResultSet listening = statement.executeQuery("""
                                     SELECT count(*) FROM pg_stat_activity
                                     WHERE application_name = 'incident-ledger projection-change-listener'
                                       AND datname = current_database() AND query LIKE 'LISTEN projection_change%'""")) {
                            listening.next();
                            assertThat(listening.getInt(1)).isEqualTo(1);
                        }
                    });
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN projection_change");
            }
            PGConnection notifications = connection.unwrap(PGConnection.class);
            drain(notifications);

            registerComponent("Signals (pg)");

            List<PGNotification> received = new ArrayList<>();
            await("a notification on projection_change after the command's projection committed")
                    .atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                        received.addAll(drain(notifications));
                        assertThat(received).extracting(PGNotification::getName).contains("projection_change");
                    });
        }
    }

    private static List<PGNotification> drain(PGConnection connection) throws java.sql.SQLException {
        PGNotification[] received = connection.getNotifications(100);
        return received == null ? List.of() : List.of(received);
    }
}
