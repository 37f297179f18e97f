package io.incidentledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A unit of work's connection goes back to the pool once, when its Spring transaction ends, and is never touched
 * again. HikariCP keeps one list of open statements per pooled connection, shared by everyone who borrows it in
 * turn; a late second {@code close()} of an earlier borrower's handle clears that list under the feet of the
 * current borrower. Under 64 racing commands on ten connections this surfaced as an
 * {@code ArrayIndexOutOfBoundsException} in Hikari's {@code FastList.add} while reading a snapshot: a 500.
 */
class UnitOfWorkConnectionTest {

    private final HikariDataSource pool = onePooledConnection();
    private final TransactionManager transactions = new SpringTransactionManager(new JdbcTransactionManager(pool));

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void theConfiguredProviderLeavesTheNextBorrowersStatementsAlone() throws Exception {
        assertThat(nextBorrowersStatementIsClosedWithItsConnection(
                new LedgerStoreConfiguration().connectionProvider(pool)))
                .as("the next borrower's statement is closed when it closes its connection")
                .isTrue();
    }

    /**
     * Axon's auto-configured provider keeps the connection in the unit of work and closes it again in the unit of
     * work's clean-up, after the Spring transaction has returned it to the pool: the next borrower's statement is
     * no longer tracked, so closing its connection leaves the statement open. This shows what the configured
     * provider avoids; should Axon or HikariCP change, this test says so.
     */
    @Test
    void axonsDefaultProviderClosesTheConnectionAgainAfterItWasReturned() throws Exception {
        assertThat(nextBorrowersStatementIsClosedWithItsConnection(
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(pool))))
                .as("the next borrower's statement, untracked by the late second close")
                .isFalse();
    }

    /**
     * Runs a unit of work that uses a connection from {@code provider}; between its commit (the connection back in
     * the pool of one) and its clean-up, another borrower takes the connection and prepares a statement. Returns
     * whether that statement is closed when the other borrower closes its connection, as JDBC says it must be.
     */
    private boolean nextBorrowersStatementIsClosedWithItsConnection(ConnectionProvider provider) throws Exception {
        AtomicReference<Connection> nextBorrower = new AtomicReference<>();
        AtomicReference<PreparedStatement> nextBorrowersStatement = new AtomicReference<>();
        UnitOfWork<?> work = DefaultUnitOfWork.startAndGet(null);
        work.attachTransaction(transactions);
        work.execute(() -> {
            try (PreparedStatement statement = provider.getConnection().prepareStatement("SELECT 1")) {
                statement.executeQuery().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            work.afterCommit(committed -> {
                try {
                    nextBorrower.set(pool.getConnection());
                    nextBorrowersStatement.set(nextBorrower.get().prepareStatement("SELECT 2"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        assertThat(nextBorrower.get()).as("the connection was free again after the commit").isNotNull();
        nextBorrower.get().close();
        return nextBorrowersStatement.get().isClosed();
    }

    private static HikariDataSource onePooledConnection() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(1_000);
        config.setAutoCommit(false);
        return new HikariDataSource(config);
    }
}
