package io.incidentledger.command.web;

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
 * failure; a failure that is not an outage stays what it was.
 */
class DatabaseUnavailableTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    private static RuntimeException noConnection() {
        return new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"));
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
        assertDatabaseUnavailable(advice.eventStore(wrapped, new org.springframework.mock.web.MockHttpServletRequest()));
    }

    @Test
    void anOutageWrappedByTheCommandBusIsA503() {
        CommandExecutionException wrapped = new CommandExecutionException("command failed", noConnection());
        assertDatabaseUnavailable(advice.execution(wrapped, new MockHttpServletRequest("POST", "/api/incidents")));
    }

    @Test
    void anythingElseStaysAnInternalError() {
        ResponseEntity<ProblemDetail> answer = advice.unexpected(new IllegalStateException("a bug"));
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }
}
