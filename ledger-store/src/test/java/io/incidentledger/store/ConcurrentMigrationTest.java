package io.incidentledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Two services started at the same instant on an empty database both migrate the event store under one history
 * table: both must come up, and the migration must be applied once. Between two processes on one H2 file (the
 * embedded default) Flyway alone lost this race about once in 16 starts; inside one JVM the race is too rare to
 * show, so the first test proves the serialisation itself and the second that starts at once still succeed.
 */
class ConcurrentMigrationTest {

    @Test
    void aSecondMigrationWaitsUntilTheFirstHasFinished() throws Exception {
        DataSource database = h2(memoryUrl());
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        AtomicBoolean firstRunning = new AtomicBoolean();
        AtomicBoolean secondRan = new AtomicBoolean();
        ExecutorService starts = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = starts.submit(() -> MigrationLock.holding(database, () -> {
                firstRunning.set(true);
                awaitQuietly(firstMayFinish);
            }));
            await().atMost(Duration.ofSeconds(10)).untilTrue(firstRunning);
            Future<?> second = starts.submit(() -> MigrationLock.holding(database, () -> secondRan.set(true)));

            // Longer than H2's default lock timeout (1 s): the second start waits as long as the first migrates.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).untilFalse(secondRan);
            firstMayFinish.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(secondRan).isTrue();
        } finally {
            firstMayFinish.countDown();
            starts.shutdownNow();
        }
    }

    private static final int ROUNDS = 12;

    @Test
    void twoProcessesMigratingAnEmptyDatabaseAtOnceBothSucceedAndApplyEachMigrationOnce() throws Exception {
        ExecutorService starts = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String url = memoryUrl();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> both = new ArrayList<>();
                for (int process = 0; process < 2; process++) {
                    both.add(starts.submit(() -> {
                        Flyway flyway = Flyway.configure()
                                .dataSource(url, "sa", "")
                                .table(LedgerStoreConfiguration.EVENT_STORE_HISTORY_TABLE)
                                .locations(LedgerStoreConfiguration.EVENT_STORE_MIGRATIONS)
                                .load();
                        together.await(10, TimeUnit.SECONDS);
                        MigrationLock.holding(flyway.getConfiguration().getDataSource(), flyway::migrate);
                        return null;
                    }));
                }
                for (Future<?> start : both) {
                    start.get(60, TimeUnit.SECONDS); // throws if that start failed
                }
                try (Connection connection = DriverManager.getConnection(url, "sa", "");
                     ResultSet applied = connection.createStatement().executeQuery(
                             "SELECT COUNT(*) FROM " + LedgerStoreConfiguration.EVENT_STORE_HISTORY_TABLE
                                     + " WHERE success AND version IS NOT NULL")) {
                    applied.next();
                    assertThat(applied.getInt(1)).as("round %d: each event-store migration applied once", round)
                            .isEqualTo(1);
                }
            }
        } finally {
            starts.shutdownNow();
        }
    }

    @Test
    void theLockTakesNoneOfThePoolsConnections() {
        HikariConfig two = new HikariConfig();
        two.setJdbcUrl(memoryUrl());
        two.setUsername("sa");
        two.setMaximumPoolSize(2);
        two.setConnectionTimeout(250);
        try (HikariDataSource pool = new HikariDataSource(two)) {
            Flyway flyway = Flyway.configure().dataSource(pool)
                    .table(LedgerStoreConfiguration.EVENT_STORE_HISTORY_TABLE)
                    .locations(LedgerStoreConfiguration.EVENT_STORE_MIGRATIONS)
                    .load();
            // Flyway needs both connections of the pool; with the lock holding one it timed out after 250 ms.
            MigrationLock.holding(pool, flyway::migrate);
            assertThat(flyway.info().applied()).isNotEmpty();
        }
    }

    private static String memoryUrl() {
        return "jdbc:h2:mem:race-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    }

    private static DataSource h2(String url) {
        return Flyway.configure().dataSource(url, "sa", "").load().getConfiguration().getDataSource();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
