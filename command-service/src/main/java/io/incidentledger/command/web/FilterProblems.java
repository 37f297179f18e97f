package io.incidentledger.command.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a problem detail from a servlet filter. The filters that guard the API answer before Spring MVC
 * (and so before {@link ProblemDetailsAdvice}) sees the request, in the same RFC 9457 shape.
 */
final class FilterProblems {

    private FilterProblems() {
    }

    static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        byte[] body = json.writeValueAsBytes(problem);
        response.setStatus(problem.getStatus());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
