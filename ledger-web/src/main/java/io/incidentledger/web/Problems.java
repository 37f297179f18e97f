package io.incidentledger.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one way both services describe an error: an RFC 9457 problem detail, raised as an
 * {@link ErrorResponseException} (a {@link Refusal} when it is one on purpose) wherever it is found. Controllers' exceptions are answered by
 * the exception advice ({@link ProblemDetailsBase}); servlet filters, which run before Spring MVC, and the
 * container's error page hand theirs to {@link #send}. Either way the body has a {@code type} of our own, the same
 * JSON shape and {@code application/problem+json}.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** {@code Cache-Control} of an answer meant for its client alone ({@link #isNotForSharing}). */
    public static final String NOT_FOR_SHARING = "no-store";
    private static final String ABOUT_BLANK = "about:blank";
    /** The JSON Spring MVC writes for a ProblemDetail (extra properties at the top level, nulls left out). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private Problems() {
    }

    /** A problem of our own: {@code type} is {@code /problems/<type>}. */
    public static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }

    /** The same, raised: throw it from a controller, or {@link #send} it from a filter. */
    public static Refusal refusal(HttpStatusCode status, String type, String title, String detail) {
        return new Refusal(status, problem(status, type, title, detail));
    }

    /** A problem nobody described better than its status (the container's refusals, Spring's own errors). */
    public static ProblemDetail forStatus(int status, String detail) {
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(known != null ? known.getReasonPhrase() : "HTTP " + status);
        problem.setDetail(detail);
        return typed(problem);
    }

    /** Gives a problem that has none a {@code type} named after its status, in place of {@code about:blank}. */
    public static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType().toString())) {
            problem.setType(typeOf(problem.getStatus()));
        }
        return problem;
    }

    /** {@code /problems/method-not-allowed} for 405, {@code /problems/http-599} for a status without a name. */
    public static URI typeOf(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return URI.create("/problems/" + (known != null
                ? known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                : "http-" + status));
    }

    /**
     * Whether an answer with this status is about the one client or the one moment it was given to (too many
     * requests, the service overloaded or its database gone): a shared cache must not hand it to anyone else,
     * whatever caching the path's successful answers allow.
     */
    public static boolean isNotForSharing(int status) {
        return status == 429 || status == 503;
    }

    /** The problem as the JSON every answer carries. */
    public static byte[] json(ProblemDetail problem) {
        return JSON.writeValueAsBytes(typed(problem));
    }

    /** Answers with {@code error}: its status, its headers (e.g. {@code Retry-After}) and its problem. */
    public static void send(HttpServletResponse response, ErrorResponse error) throws IOException {
        byte[] body = json(error.getBody());
        error.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setStatus(error.getStatusCode().value());
        if (isNotForSharing(error.getStatusCode().value())) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, NOT_FOR_SHARING);
        }
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
