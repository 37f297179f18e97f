package io.incidentledger.command.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a problem detail from a servlet filter. The filters that guard the API answer before Spring MVC
 * (and so before {@link ProblemDetailsAdvice}) sees the request, in the same RFC 9457 shape.
 */
public final class FilterProblems {

    private FilterProblems() {
    }

    public static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        byte[] body = json.writeValueAsBytes(problem);
        response.setStatus(problem.getStatus());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** Writes {@code answer}'s problem with its headers (e.g. {@code Retry-After}). */
    public static void write(HttpServletResponse response, JsonMapper json, ResponseEntity<ProblemDetail> answer)
            throws IOException {
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        write(response, json, answer.getBody());
    }
}
