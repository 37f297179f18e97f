package io.incidentledger.command.dispatch;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are a lost race, retried against the aggregate as it now is, and which are answers: Axon's
 * event store decides with the resolver configured in {@link DispatchConfiguration}, and Commands retries what
 * it raised.
 */
class LostRacesTest {

    private final PersistenceExceptionResolver resolver = new DispatchConfiguration().uniqueViolations();

    @Test
    void aDuplicateKeyIsRecognisedAsPostgreSqlAndH2ReportIt() {
        // PostgreSQL's driver throws a plain SQLException (PSQLException) with the state; Spring may wrap it.
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("duplicate key value", "23505"))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new UncategorizedSQLException("append", "INSERT",
                new SQLException("duplicate key value", "23505")))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new java.sql.SQLIntegrityConstraintViolationException(
                "Unique index or primary key violation", "23505"))).isTrue();
    }

    @Test
    void otherIntegrityViolationsAreBugsNotRaces() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("integrity", "23000"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("null value in column", "23502"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("foreign key", "23503"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("no SQL at all"))).isFalse();
    }

    @Test
    void onlyARaceForTheNextSequenceNumberIsRetried() {
        assertThat(Commands.lostARace(new ConcurrencyException("sequence 3 was already inserted"))).isTrue();
        assertThat(Commands.lostARace(new AggregateStreamCreationException("id taken"))).isFalse();
        assertThat(Commands.lostARace(new ConflictingAggregateVersionException("inc-1", 0, 1)))
                .as("a stale If-Match is the sender's to resolve: 412, never retried").isFalse();
        assertThat(Commands.lostARace(new IllegalStateException("a bug"))).isFalse();
    }
}
