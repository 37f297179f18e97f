package io.incidentledger.command.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * With the database gone a command is refused with a 503 the client may retry, however Spring or Axon wrapped the
 * failure; with the pool merely full (the database answers) it is a 503 of its own, "overloaded", never "the
 * database cannot be reached"; a failure that is neither stays what it was.
 */
class DatabaseUnavailableTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    /** As Hikari reports it when the database is gone: the pool's timeout, caused by its last failure to connect. */
    private static RuntimeException noConnection() {
        SQLException refused = new SQLException("Connection to localhost:5432 refused.", "08001");
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 2001ms", "08001", refused);
        timeout.setNextException(refused);
        return new CannotCreateTransactionException("Could not open JDBC Connection for transaction", timeout);
    }

    /** As Hikari reports it when every connection stayed busy: the same timeout, with no failure to connect. */
    private static RuntimeException poolExhausted() {
        return new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out "
                        + "after 2001ms (total=10, active=10, idle=0, waiting=54)"));
    }

    private static void assertOverloaded(ResponseEntity<ProblemDetail> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody()).isNotNull();
        assertThat(answer.getBody().getType().toString()).isEqualTo("/problems/overloaded");
    }

    private static void assertDatabaseUnavailable(ResponseEntity<ProblemDetail> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(answer.getBody()).isNotNull();
        assertThat(answer.getBody().getType().toString()).isEqualTo("/problems/database-unavailable");
        assertThat(answer.getBody().getStatus()).isEqualTo(503);
    }

    @Test
    void noConnectionForTheTransactionIsA503() {
        assertDatabaseUnavailable(advice.unexpected(noConnection()));
    }

    @Test
    void aConnectionLostInsideTheEventStoreIsA503() {
        EventStoreException wrapped = new EventStoreException("An event for aggregate [x] could not be stored",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertDatabaseUnavailable(advice.eventStore(wrapped));
    }

    @Test
    void anOutageWrappedByTheCommandBusIsA503() {
        CommandExecutionException wrapped = new CommandExecutionException("command failed", noConnection());
        assertDatabaseUnavailable(advice.execution(wrapped, new MockHttpServletRequest("POST", "/api/incidents")));
    }

    @Test
    void aFullPoolIsOverloadNotAnOutage() {
        assertOverloaded(advice.unexpected(poolExhausted()));
        assertOverloaded(advice.execution(new CommandExecutionException("command failed", poolExhausted()),
                new MockHttpServletRequest("POST", "/api/incidents")));
    }

    @Test
    void aRaceLostOnEveryRetryIsOverload() {
        assertOverloaded(advice.raceLost(new org.axonframework.modelling.command.ConcurrencyException(
                "An event for aggregate [x] at sequence [3] was already inserted")));
    }

    @Test
    void anythingElseStaysAnInternalError() {
        ResponseEntity<ProblemDetail> answer = advice.unexpected(new IllegalStateException("a bug"));
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }
}
