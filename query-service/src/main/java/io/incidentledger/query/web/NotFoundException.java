package io.incidentledger.query.web;

import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;
import org.springframework.http.HttpStatus;

/** The incident or component named in the path is not (yet) in the read model: a 404. */
public final class NotFoundException extends Refusal {

    public NotFoundException(String message) {
        super(HttpStatus.NOT_FOUND, Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", message));
    }
}
