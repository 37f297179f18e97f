package io.incidentledger.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request refused on purpose, raised as the problem detail it is answered with (see {@link Problems}). It is an
 * answer, not a fault: its message is the problem's {@code detail}, written for the client, and it takes no stack
 * trace.
 */
public class Refusal extends ErrorResponseException {

    public Refusal(HttpStatusCode status, ProblemDetail problem) {
        super(status, problem, null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
