package io.incidentledger.command.problem;

import io.incidentledger.store.DatabaseFailures;
import io.incidentledger.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.Optional;


/**
 * The two honest 503s, told apart: the service is overloaded (every pooled connection stayed busy past the
 * pool's short wait, or one aggregate is changed faster than its commands can land), or the database really
 * cannot be reached. Both carry {@code Retry-After}; neither is ever a 500. Used by the exception advice and
 * by the filters that touch the database before Spring MVC does (Idempotency-Key, the write-rate limit).
 */
public final class DatabaseProblems {

    /** Overload clears as soon as the requests ahead are answered: come back in a second. */
    static final String OVERLOADED_RETRY_AFTER = "1";
    /** A database restart or fail-over takes longer. */
    static final String UNAVAILABLE_RETRY_AFTER = "5";

    private static final Logger log = LoggerFactory.getLogger(DatabaseProblems.class);

    private DatabaseProblems() {
    }

    /** The 503 for {@code failure} if it is overload or an outage; empty for every other failure. */
    public static Optional<ErrorResponseException> answerFor(Throwable failure) {
        if (DatabaseFailures.isPoolExhausted(failure) || causedBy(failure, ConcurrencyException.class)) {
            return Optional.of(overloaded(failure));
        }
        if (DatabaseFailures.isUnreachable(failure)) {
            return Optional.of(unavailable(failure));
        }
        return Optional.empty();
    }

    static ErrorResponseException overloaded(Throwable failure) {
        log.warn("command refused, the service is overloaded: {}", failure.toString());
        return serviceUnavailable(OVERLOADED_RETRY_AFTER, "overloaded", "The service is overloaded",
                "too many commands are being carried out at once, so this one was not; nothing was recorded; "
                        + "retry after the time in Retry-After");
    }

    /**
     * The database cannot be reached (found within the connection timeout, a couple of seconds). The command was
     * not recorded, unless the connection broke while it was being committed: a client that retries should read
     * the resource first or rely on optimistic locking ({@code If-Match}) or an {@code Idempotency-Key}.
     */
    static ErrorResponseException unavailable(Throwable failure) {
        log.warn("command refused, the database cannot be reached: {}", failure.toString());
        return serviceUnavailable(UNAVAILABLE_RETRY_AFTER, "database-unavailable", "The database is unavailable",
                "the ledger cannot reach its database, so the command could not be carried out; retry shortly");
    }

    private static ErrorResponseException serviceUnavailable(String retryAfter, String type, String title,
                                                             String detail) {
        ErrorResponseException answer = Problems.refusal(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail);
        answer.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
        return answer;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
