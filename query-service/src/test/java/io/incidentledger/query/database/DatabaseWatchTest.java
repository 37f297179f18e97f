package io.incidentledger.query.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import io.incidentledger.store.DatabaseFailures;

class DatabaseWatchTest {

    private final DatabaseWatch watch = new DatabaseWatch();
    private final AtomicReference<String> lastKnown = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();

    private static RuntimeException unreachable() {
        return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"));
    }

    private Supplier<String> answering(String value) {
        return () -> {
            reads.incrementAndGet();
            return value;
        };
    }

    private Supplier<String> failingWith(RuntimeException failure) {
        return () -> {
            reads.incrementAndGet();
            throw failure;
        };
    }

    @Test
    void aReadIsFreshAndKeptWhileTheDatabaseAnswers() {
        DatabaseWatch.Answer<String> answer = watch.read(answering("major_outage"), lastKnown);

        assertThat(answer.stale()).isFalse();
        assertThat(answer.value()).isEqualTo("major_outage");
        assertThat(lastKnown.get()).isEqualTo("major_outage");
        assertThat(watch.staleness()).isEmpty();
    }

    @Test
    void aReadThatCannotReachTheDatabaseAnswersTheLastKnownValueMarkedStale() {
        watch.read(answering("major_outage"), lastKnown);

        DatabaseWatch.Answer<String> answer = watch.read(failingWith(unreachable()), lastKnown);

        assertThat(answer.value()).isEqualTo("major_outage");
        assertThat(answer.stale()).isTrue();
        assertThat(answer.staleness().lastGoodDataAt()).isBeforeOrEqualTo(answer.staleness().since());
        assertThat(watch.staleness()).contains(answer.staleness());
    }

    @Test
    void whileTheDatabaseIsKnownToBeGoneReadsDoNotTryIt() {
        lastKnown.set("partial_outage");
        watch.unreachable(unreachable());

        DatabaseWatch.Answer<String> answer = watch.read(answering("operational"), lastKnown);

        assertThat(reads).hasValue(0);
        assertThat(answer.value()).isEqualTo("partial_outage");
        assertThat(answer.stale()).isTrue();
    }

    @Test
    void withNothingKnownAnOutageIsUnavailableNeverAGuess() {
        assertThatThrownBy(() -> watch.read(failingWith(unreachable()), lastKnown))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(watch.staleness()).isPresent();
    }

    @Test
    void aBrokenQueryIsNotAnOutage() {
        lastKnown.set("major_outage");
        BadSqlGrammarException broken = new BadSqlGrammarException("read", "SELECT nonsense",
                new SQLException("syntax error", "42601"));

        assertThatThrownBy(() -> watch.read(failingWith(broken), lastKnown)).isSameAs(broken);
        assertThat(watch.staleness()).isEmpty();
    }

    @Test
    void onceTheDatabaseIsReachableAgainReadsAreFresh() {
        lastKnown.set("major_outage");
        watch.unreachable(unreachable());
        var outage = watch.staleness().orElseThrow();

        watch.reachable();
        DatabaseWatch.Answer<String> answer = watch.read(answering("partial_outage"), lastKnown);

        assertThat(answer.stale()).isFalse();
        assertThat(answer.value()).isEqualTo("partial_outage");
        watch.unreachable(unreachable());
        assertThat(watch.staleness().orElseThrow().lastGoodDataAt()).isAfterOrEqualTo(outage.since());
    }

    @Test
    void connectionFailuresAreToldApartFromOtherDatabaseErrors() {
        assertThat(DatabaseFailures.isUnreachable(unreachable())).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new DataAccessResourceFailureException("closed",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new IllegalStateException("wrapped",
                new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseFailures.isUnreachable(new IllegalStateException("a bug"))).isFalse();
    }
}
