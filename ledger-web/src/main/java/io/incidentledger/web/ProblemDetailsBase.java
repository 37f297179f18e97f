package io.incidentledger.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What both services' exception advice shares: every answer Spring builds for its own errors (404, 405, 406,
 * 415, ...) and every {@link org.springframework.web.ErrorResponseException} raised by our code keeps its status
 * and headers but is sent as {@code application/problem+json} with a {@code type} of ours ({@link Problems}),
 * instead of the default {@code about:blank} that Jackson leaves out of the JSON.
 */
public abstract class ProblemDetailsBase extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.typed(problem);
        }
        HttpHeaders withType = new HttpHeaders(headers);
        withType.set(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
        if (Problems.isNotForSharing(status.value())) {
            withType.set(HttpHeaders.CACHE_CONTROL, Problems.NOT_FOR_SHARING);
        }
        return new ResponseEntity<>(body, withType, status);
    }

    /** A problem of our own: {@code type} is {@code /problems/<type>} (see {@link Problems#problem}). */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        return Problems.problem(status, type, title, detail);
    }

    /** The answer to an error response found outside Spring's own handling (e.g. wrapped in another exception). */
    protected static ResponseEntity<ProblemDetail> answer(ErrorResponse error) {
        var answer = ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                .contentType(org.springframework.http.MediaType.parseMediaType(Problems.MEDIA_TYPE));
        if (Problems.isNotForSharing(error.getStatusCode().value())) {
            answer.header(HttpHeaders.CACHE_CONTROL, Problems.NOT_FOR_SHARING);
        }
        return answer.body(Problems.typed(error.getBody()));
    }
}
