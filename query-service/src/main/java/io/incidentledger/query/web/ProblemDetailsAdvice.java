package io.incidentledger.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import io.incidentledger.query.database.DatabaseUnavailableException;
import io.incidentledger.store.DatabaseFailures;
import io.incidentledger.web.ProblemDetailsBase;
import io.incidentledger.web.Problems;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.Map;

/** Every failure of a read becomes an RFC 9457 problem detail; nothing internal leaks into it. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemDetailsBase {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    // BadQueryException and NotFoundException are ErrorResponseExceptions: Spring's own handler answers them.

    /**
     * The database cannot be reached: the status, the page and the Statuspage documents answer from memory, every
     * other read (and those, before anything was known) says so with a 503 the client may retry.
     */
    @ExceptionHandler(DatabaseUnavailableException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable() {
        ErrorResponseException unavailable = Problems.refusal(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "The database is unavailable", "the status service cannot reach its database; retry shortly");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return answer(unavailable);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseFailures.isUnreachable(e)) {
            return databaseUnavailable();
        }
        log.error("unexpected failure", e);
        return answer(Problems.refusal(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the request could not be completed; it has been logged"));
    }

    /** {@code page=first}, {@code days=ninety}: the same 400 as any other bad query, naming the parameter. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String parameter = e.getPropertyName() != null ? e.getPropertyName() : "";
        Class<?> type = e.getRequiredType();
        boolean number = type != null && (type == int.class || type == long.class || type == Integer.class
                || type == Long.class);
        String message = "'" + parameter + "' " + (number ? "must be a whole number in range" : "has an invalid value");
        return createResponseEntity(new BadQueryException(parameter, message).getBody(), headers,
                HttpStatus.BAD_REQUEST, request);
    }


}
