package io.incidentledger.web;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What both services' exception advice shares: every answer Spring builds for its own errors (404, 405, 406,
 * 415, ...) keeps its status but is sent as {@code application/problem+json} with a {@code type} named after
 * the status, instead of the default {@code about:blank} that Jackson leaves out of the JSON.
 */
public abstract class ProblemDetailsBase extends ResponseEntityExceptionHandler {

    private static final String ABOUT_BLANK = "about:blank";

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || ABOUT_BLANK.equals(problem.getType().toString()))) {
            problem.setType(typeOf(status.value()));
        }
        HttpHeaders withType = new HttpHeaders(headers);
        withType.set(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        return new ResponseEntity<>(body, withType, status);
    }

    /** A problem of our own: {@code type} is {@code /problems/<type>}. */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }

    /** {@code /problems/method-not-allowed} for 405, {@code /problems/http-599} for a status without a name. */
    static URI typeOf(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return URI.create("/problems/" + (known != null
                ? known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                : "http-" + status));
    }
}
