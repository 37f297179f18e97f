package io.incidentledger.query.web;

import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.List;
import java.util.Map;

/** A query parameter the service cannot answer for: a 400 naming the parameter. */
public final class BadQueryException extends Refusal {

    private final String parameter;

    public BadQueryException(String parameter, String message) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, message));
        this.parameter = parameter;
    }

    private static ProblemDetail problem(String parameter, String message) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", message);
        problem.setProperty("errors", List.of(Map.of("field", parameter, "message", message)));
        return problem;
    }

    public String parameter() {
        return parameter;
    }
}
